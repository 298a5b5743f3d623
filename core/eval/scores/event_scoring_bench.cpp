#include "core/eval/scores/event_scoring_bench.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "core/eval/scores/event_based_metrics.h"
#include "core/eval/scores/segment_based_metrics.h"

namespace gramt::eval::scores {

EventScoringBench run_event_scoring_bench(int64_t files, int64_t events_per_file, uint32_t seed) {
  std::vector<std::string> labels;
  for (int k = 0; k < 11; ++k) labels.push_back("class_" + std::to_string(k));
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> start(0.0, 118000.0), length(50.0, 2000.0), jitter(-300.0, 300.0),
      unit(0.0, 1.0);
  std::uniform_int_distribution<size_t> label(0, labels.size() - 1);

  EventScoreInputs inputs;
  inputs.labels = labels;
  EventScoringBench bench;
  bench.files = files;
  for (int64_t f = 0; f < files; ++f) {
    const std::string file = "file_" + std::to_string(f) + ".wav";
    auto& reference = inputs.reference[file];
    auto& predicted = inputs.predicted[file];
    for (int64_t e = 0; e < events_per_file; ++e) {
      const double onset = start(rng);
      const Event ref{labels[label(rng)], onset, onset + length(rng)};
      reference.push_back(ref);
      const double draw = unit(rng);
      if (draw < 0.7) {  // detected, onset shifted within or beyond the collar
        const double shifted = std::max(0.0, ref.onset_ms + jitter(rng));
        predicted.push_back({ref.label, shifted, shifted + (ref.offset_ms - ref.onset_ms)});
      } else if (draw < 0.85) {  // detected with the wrong label
        predicted.push_back({labels[label(rng)], ref.onset_ms, ref.offset_ms});
      }
      if (unit(rng) < 0.2) {  // a spurious detection
        const double onset2 = start(rng);
        predicted.push_back({labels[label(rng)], onset2, onset2 + length(rng)});
      }
    }
    bench.reference_events += static_cast<int64_t>(reference.size());
    bench.predicted_events += static_cast<int64_t>(predicted.size());
  }

  using Clock = std::chrono::steady_clock;
  EventMatchingRule rule;
  rule.collar_s = 0.2;
  const auto t0 = Clock::now();
  bench.onset_f_measure = event_based_metrics(inputs.predicted, inputs.reference, rule).overall_f.f_measure;
  const auto t1 = Clock::now();
  bench.segment_error_rate = segment_based_metrics(inputs.predicted, inputs.reference, inputs.labels, 1.0).error_rate;
  const auto t2 = Clock::now();
  bench.event_based_seconds = std::chrono::duration<double>(t1 - t0).count();
  bench.segment_based_seconds = std::chrono::duration<double>(t2 - t1).count();
  return bench;
}

}  // namespace gramt::eval::scores

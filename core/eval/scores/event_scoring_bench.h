#pragma once
// A synthetic event-scoring workload for `gramt-cli bench eval`: `files` files of 120 s with
// `events_per_file` reference events each over 11 labels, and predictions that hit, miss or
// shift them around the collars. Reports the wall time of event_onset_200ms_fms and segment_1s_er.
#include <cstdint>

namespace gramt::eval::scores {

struct EventScoringBench {
  int64_t files = 0;
  int64_t reference_events = 0;
  int64_t predicted_events = 0;
  double onset_f_measure = 0.0;     // so the work cannot be skipped, and a sanity value to print
  double segment_error_rate = 0.0;
  double event_based_seconds = 0.0;
  double segment_based_seconds = 0.0;
  double total_seconds() const { return event_based_seconds + segment_based_seconds; }
};

// Deterministic for a given seed.
EventScoringBench run_event_scoring_bench(int64_t files = 1000, int64_t events_per_file = 100, uint32_t seed = 7);

}  // namespace gramt::eval::scores

#include "core/eval/benchmark/score_normalisation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <vector>

#include "core/eval/format/python_json.h"

namespace gramt::eval::benchmark {

namespace {

// The splits that are tested: "test" for train/valid/test, every fold for k-fold tasks.
std::vector<const format::SplitLabels*> test_splits(const tasks::TaskFolder& task) {
  std::vector<const format::SplitLabels*> out;
  for (const format::SplitLabels& s : task.splits)
    if (task.metadata.split_mode != format::SplitMode::trainvaltest || s.split == "test") out.push_back(&s);
  return out;
}

// Class counts over the tested files (class = vocabulary index).
std::map<int64_t, double> class_counts(const tasks::TaskFolder& task, double& files) {
  std::map<int64_t, double> counts;
  files = 0.0;
  for (const format::SplitLabels* s : test_splits(task)) {
    for (const format::LabelledFile& f : s->files) {
      files += 1.0;
      for (const auto& label : f.labels) counts[task.vocabulary->index_of.at(format::python_label_string(label))] += 1.0;
    }
  }
  return counts;
}

// Angles (degrees) between each tested direction label and the best constant guess, the mean
// direction of those labels: what a predictor that ignores the audio achieves at best.
std::vector<double> constant_direction_errors(const tasks::TaskFolder& task) {
  std::vector<std::array<double, 3>> labels;
  std::array<double, 3> mean{0.0, 0.0, 0.0};
  for (const format::SplitLabels* s : test_splits(task)) {
    for (const format::LabelledFile& f : s->files) {
      if (f.labels.size() != 3) return {};
      std::array<double, 3> v{f.labels[0].get<double>(), f.labels[1].get<double>(), f.labels[2].get<double>()};
      const double n = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
      if (n <= 0.0) return {};
      for (double& x : v) x /= n;
      for (int i = 0; i < 3; ++i) mean[static_cast<size_t>(i)] += v[static_cast<size_t>(i)];
      labels.push_back(v);
    }
  }
  const double n = std::sqrt(mean[0] * mean[0] + mean[1] * mean[1] + mean[2] * mean[2]);
  if (labels.empty() || n <= 0.0) return {};
  std::vector<double> errors;
  for (const auto& v : labels) {
    const double cosine = std::clamp((v[0] * mean[0] + v[1] * mean[1] + v[2] * mean[2]) / n, -1.0, 1.0);
    errors.push_back(std::acos(cosine) * 180.0 / 3.14159265358979323846);
  }
  return errors;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t m = values.size() / 2;
  return values.size() % 2 ? values[m] : 0.5 * (values[m - 1] + values[m]);
}

}  // namespace

std::optional<ScoreScale> naive_score_scale(const std::string& name, const tasks::TaskFolder& task) {
  const bool scene_classes = task.metadata.embedding_type == format::EmbeddingType::scene &&
                             !task.metadata.is_localization() && task.vocabulary.has_value();
  if (name == "top1_acc" || name == "pitch_acc" || name == "chroma_acc") {
    if (!scene_classes) return std::nullopt;
    double files = 0.0;
    std::map<int64_t, double> counts = class_counts(task, files);
    if (files <= 0.0) return std::nullopt;
    if (name == "chroma_acc") {
      std::map<int64_t, double> chroma;
      for (const auto& [index, n] : counts) chroma[index % 12] += n;
      counts = chroma;
    }
    double majority = 0.0;
    for (const auto& [index, n] : counts) majority = std::max(majority, n);
    return ScoreScale{majority / files, 1.0};
  }
  if (name == "mAP") {
    if (!scene_classes) return std::nullopt;
    double files = 0.0;
    const std::map<int64_t, double> counts = class_counts(task, files);
    if (files <= 0.0) return std::nullopt;
    // A constant predictor ranks all files alike: its AP for a class is the class's prevalence.
    double sum = 0.0;
    for (size_t c = 0; c < task.vocabulary->size(); ++c) {
      const auto it = counts.find(static_cast<int64_t>(c));
      sum += it == counts.end() ? 0.0 : it->second / files;
    }
    return ScoreScale{sum / static_cast<double>(task.vocabulary->size()), 1.0};
  }
  if (name == "aucroc") return ScoreScale{0.5, 1.0};
  if (name.rfind("event_onset", 0) == 0) return ScoreScale{0.0, 1.0};
  if (name == "segment_1s_er") return ScoreScale{1.0, 0.0};  // predicting nothing: every reference a deletion
  if ((name == "DOE" || name == "DOA" || name == "MAE") && task.metadata.is_localization()) {
    const std::vector<double> errors = constant_direction_errors(task);
    if (errors.empty()) return std::nullopt;
    if (name == "DOE") return ScoreScale{median(errors), 0.0};
    double sum = 0.0;
    for (double e : errors) sum += e;
    return ScoreScale{sum / static_cast<double>(errors.size()), 0.0};
  }
  if (name == "3d_source_local" && task.metadata.is_localization()) {
    // Predicting the origin: the mean absolute coordinate of the test labels.
    double sum = 0.0, n = 0.0;
    for (const format::SplitLabels* s : test_splits(task))
      for (const format::LabelledFile& f : s->files)
        for (const auto& x : f.labels) {
          sum += std::fabs(x.get<double>());
          n += 1.0;
        }
    if (n <= 0.0) return std::nullopt;
    return ScoreScale{sum / n, 0.0};
  }
  return std::nullopt;
}

double normalised_score(double score, const ScoreScale& scale) {
  if (std::isnan(score)) return score;
  if (scale.best == scale.naive) return score == scale.best ? 100.0 : 0.0;
  const double fraction = (score - scale.naive) / (scale.best - scale.naive);
  return 100.0 * std::clamp(fraction, 0.0, 1.0);
}

}  // namespace gramt::eval::benchmark

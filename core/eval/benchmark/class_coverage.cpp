#include "core/eval/benchmark/class_coverage.h"

#include <map>
#include <set>
#include <vector>

namespace gramt::eval::benchmark {

std::string class_coverage_problem(const tasks::TaskFolder& task) {
  const tasks::TaskMetadata& m = task.metadata;
  if (m.prediction_type != tasks::PredictionType::multiclass || m.embedding_type != tasks::EmbeddingType::scene) return "";
  // Classes per split (a multiclass file has one label: a list of one, or the label itself).
  std::map<std::string, std::set<std::string>> classes;
  for (const tasks::SplitLabels& split : task.splits) {
    std::set<std::string>& in_split = classes[split.split];
    for (const tasks::LabelledFile& file : split.files) {
      if (file.labels.is_array()) {
        for (const auto& label : file.labels) in_split.insert(tasks::label_text(label));
      } else {
        in_split.insert(tasks::label_text(file.labels));
      }
    }
  }
  const bool kfold = m.split_mode != tasks::SplitMode::trainvaltest;
  for (const tasks::SplitLabels& split : task.splits) {
    if (!kfold && split.split == "train") continue;
    // The splits a predictor for this split learns from.
    std::vector<std::string> training;
    for (const tasks::SplitLabels& other : task.splits) {
      if (kfold ? other.split != split.split : other.split == "train") training.push_back(other.split);
    }
    for (const std::string& label : classes[split.split]) {
      bool learnable = false;
      for (const std::string& t : training) learnable = learnable || classes[t].count(label) > 0;
      if (learnable) continue;
      std::string names;
      for (const std::string& t : training) names += (names.empty() ? "" : ", ") + t;
      return task.name + ": class '" + label + "' is in split '" + split.split + "' but missing from " +
             (names.empty() ? "every training split" : "'" + names + "'") +
             ", so no predictor can learn it; rebuild the task with every class in every split";
    }
  }
  return "";
}

}  // namespace gramt::eval::benchmark

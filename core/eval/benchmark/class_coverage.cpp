#include "core/eval/benchmark/class_coverage.h"

#include <map>
#include <set>
#include <vector>

#include "core/eval/format/python_json.h"

namespace gramt::eval::benchmark {

std::string class_coverage_problem(const tasks::TaskFolder& task) {
  const format::TaskMetadata& m = task.metadata;
  if (m.prediction_type != format::PredictionType::multiclass || m.embedding_type != format::EmbeddingType::scene) return "";
  // Classes per split (a multiclass file has one label: a list of one, or the label itself).
  std::map<std::string, std::set<std::string>> classes;
  for (const format::SplitLabels& split : task.splits) {
    std::set<std::string>& in_split = classes[split.split];
    for (const format::LabelledFile& file : split.files) {
      if (file.labels.is_array()) {
        for (const auto& label : file.labels) in_split.insert(format::python_label_string(label));
      } else {
        in_split.insert(format::python_label_string(file.labels));
      }
    }
  }
  const bool kfold = m.split_mode != format::SplitMode::trainvaltest;
  for (const format::SplitLabels& split : task.splits) {
    if (!kfold && split.split == "train") continue;
    // The splits a predictor for this split learns from.
    std::vector<std::string> training;
    for (const format::SplitLabels& other : task.splits) {
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

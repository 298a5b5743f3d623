#pragma once
// The results of a layer sweep (evaluate --layers) as a task x layer table: the results files of
// one model differ only in their protocol's layer (their folders are <tag>-layer=N). Each cell is
// the primary score's mean over seeds; the best layer per task is marked, by the task's direction.
#include <cstdint>
#include <string>
#include <vector>

#include "core/eval/benchmark/results_file.h"

namespace gramt::eval::benchmark {

struct LayerTable {
  std::string model;                // the tag without its "-layer=N"
  std::string probe;                // "mlp" or the kNN settings
  std::vector<int64_t> layers;      // ascending
  std::vector<std::string> tasks;   // sorted
  std::vector<std::vector<double>> scores;  // [task][layer], NaN where missing or failed
  std::vector<int> best_layer;      // per task: index into layers, -1 when no finite score
  std::vector<std::string> primary_scores;  // per task
  std::vector<bool> lower_is_better;        // per task
};

// "x-layer=4" -> "x"; a tag without the suffix is returned unchanged.
std::string tag_without_layer(const std::string& model_tag);

// One table per (model, probe) with at least one file that records a layer; sorted by model.
std::vector<LayerTable> layer_tables(const std::vector<ResultsFile>& files);

}  // namespace gramt::eval::benchmark

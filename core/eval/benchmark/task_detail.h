#pragma once
// What the Evaluate panel shows for one task of one model: the grid points tried with their
// validation scores, the test score per fold, and how the numbers were made, all read from the
// kit files `predict` left in the task's embeddings folder. Missing or unreadable pieces become
// notes, so a half-finished or Python-kit folder still shows what there is.
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gramt::eval::benchmark {

struct GridPointResult {
  std::string params_json;  // the grid point's hyper-parameters (kit "hparams" layout), compact JSON
  double validation_score = NAN;
  int64_t epochs = 0;  // epochs trained (early stopping included)
  int64_t best_epoch = -1;  // 0-based epoch of the kept checkpoint; -1 when unknown
  bool chosen = false;      // the grid point retrained and tested
};

struct TaskDetail {
  std::string task, primary_score;
  std::vector<GridPointResult> grid;
  std::vector<std::pair<std::string, double>> test_per_fold;  // "test" or "fold00".. -> primary test score
  std::string protocol_text;
  std::vector<std::string> notes;
  std::string scores_path;  // the kit file read; empty when none was found
};

TaskDetail read_task_detail(const std::string& task_embeddings_dir);

}  // namespace gramt::eval::benchmark

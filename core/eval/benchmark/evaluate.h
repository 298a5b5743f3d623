#pragma once
// `gramt-cli evaluate`: the whole benchmark in one call. Builds the mini tasks when the tasks folder
// is empty, embeds every task (resuming), trains and tests the kits' predictor on each, and
// collects one results table: per task its primary test score, the naive baseline and the
// s(m)-style normalised score, plus every other test score.
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/progress.h"
#include "core/eval/predict/task_prediction.h"
#include "core/eval/tasks/clip_embedder.h"

namespace gramt::eval::benchmark {

struct EvaluateParams {
  std::string tasks_dir;
  std::vector<std::string> task_names;  // empty = all
  std::string embeddings_dir;
  std::string model_tag;
  // make-tasks, when tasks_dir is missing or empty
  std::string make_tasks_size = "small";
  uint64_t make_tasks_seed = 42;
  // embedding
  int64_t batch_clips = 64;
  std::string device_name = "cpu";
  // prediction (grid, grid points, seed, device, workers); localization tasks get their
  // prediction_type as the kits' --localization value
  predict::PredictParams predict;
  std::string results_path;  // empty = <embeddings_dir>/<model_tag>/results.json
  std::function<void(const std::string& line)> log;
};

struct TaskResult {
  std::string task;
  std::string status;  // "ok", "embedding failed", "prediction failed"
  std::string error;
  std::string primary_score;  // evaluation[0]
  double value = std::nan("");
  double naive = std::nan("");
  double normalised = std::nan("");  // percent; NaN where no baseline is defined
  nlohmann::ordered_json test_scores = nlohmann::ordered_json::object();  // name -> value
  std::string scores_path;
};

struct EvaluationResults {
  std::string model_tag;
  std::vector<TaskResult> tasks;
  double mean_normalised = std::nan("");  // over tasks with a normalised score
  std::string results_path;

  size_t failures() const;
};

// Runs the three stages with `embedder`; a failing task is recorded, the others go on. Throws for
// problems with the run as a whole. Writes results.json atomically.
EvaluationResults run_evaluation(tasks::ClipEmbedder& embedder, const EvaluateParams& params,
                                 const ProgressSink& progress);

// Plain-text table: task, primary score, value, naive, normalised.
std::string format_results_table(const EvaluationResults& results);
nlohmann::ordered_json results_json(const EvaluationResults& results);

// The test value of `score` in a kits' predicted-scores JSON: "aggregated_scores" test_<s>_mean
// for k-fold tasks, else "test" test_<s>. NaN when absent.
double test_score_from_kit_json(const nlohmann::ordered_json& scores, const std::string& score);

}  // namespace gramt::eval::benchmark

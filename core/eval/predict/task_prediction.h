#pragma once
// `gramt-cli predict` for one embeddings task folder (spec/eval.md §3): load every split resident,
// pick grid points, train them (concurrently where the machine allows) on fold split 0, select the
// best by the primary validation score, retrain it on the other folds, test every fold, aggregate,
// and write test.predicted-scores.json (or the localization variant) and the done file.
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include "core/common/progress.h"
#include "core/eval/predict/accdoa_scoring.h"
#include "core/eval/predict/concurrent_jobs.h"
#include "core/eval/predict/event_postprocessing.h"
#include "core/eval/predict/param_grid.h"
#include "core/eval/predict/grid_point_training.h"
#include "core/eval/predict/prediction_head.h"
#include "core/eval/predict/probe_kind.h"
#include "core/eval/format/label_vocabulary.h"
#include "core/eval/format/task_metadata.h"
#include "core/eval/predict/task_scores.h"
#include "core/eval/settings/evaluation_defaults.h"

namespace gramt::eval::predict {

struct PredictParams {
  GridName grid = parse_grid_name(defaults::kGrid);
  int64_t grid_points = defaults::kGridPoints;
  int64_t seed = defaults::kSeed;
  KitFlavour kit = parse_kit_flavour(defaults::kKit);
  // "" = the task's prediction_type; else one of cartesian-regression, cartesian-z-regression,
  // distance-regression, polar-regression, polar-classification (scene tasks only).
  std::string localization;
  torch::Device device = torch::kCPU;
  int64_t max_workers = 0;         // 0 = automatic (see plan_workers)
  int64_t threads_per_worker = 0;  // 0 = automatic
  bool skip_if_done = false;       // the kits skip a task whose done file exists
  // listen-eval-kit's --random-probe control: training rows take the targets of randomly drawn
  // rows, 50 epochs without early stopping; outputs go to the -random files (predicted_scores_file.h).
  bool random_probe = false;
  // Per-fold test predictions next to the scores (<fold>.predictions.pkl as the kits write it, and
  // .npy / .json copies); for direction-valued localization also the per-clip table
  // <fold>.localization-predictions.json (localization_predictions.h).
  bool write_predictions = true;
  // The kNN probe instead of the MLP (knn_probe.h): no training, the -knn files.
  ProbeKind probe = parse_probe_kind(defaults::kProbe);
  int64_t knn_k = defaults::kKnnK;
  KnnDistance knn_distance = parse_knn_distance(defaults::kKnnDistance);
  ScoreFactory score_factory;      // empty = make_task_scores (core/eval/scores)
  // One line per finished training (grid point or fold), for logs; called from worker threads,
  // one call at a time.
  std::function<void(const std::string& line)> log;
};

// One split, resident on the training device.
struct PreparedSplit {
  std::string name;
  torch::Tensor embeddings;  // (N, D)
  torch::Tensor targets;     // (N, C)
  EventFrameIndex frames;    // event tasks
  FileEvents reference;      // event tasks (not accdoa): the split JSON's events
  AccdoaReference doa;       // accdoa tasks: the split JSON's directions per frame
  nlohmann::json split_json;  // event tasks: <split>.json as read
  std::vector<std::string> row_files;  // event tasks: each row's audio file
  torch::Tensor timestamps;           // event tasks: each row's time (ms), float64, CPU
};

struct PreparedTask {
  std::string embedding_path;  // as given; written to "embedding_path"
  format::TaskMetadata metadata;
  format::LabelVocabulary vocabulary;  // empty for localization
  PredictionHead head;
  AccdoaSetup accdoa;  // accdoa tasks
  std::map<std::string, PreparedSplit> splits;
  int64_t input_dim = 0;
  int64_t outputs = 0;
};

// The grid points a task is trained on: the built-in grid, the task's overrides (built-in and its
// task_specific_param_grid), then the seeded choice of params.grid_points of them.
std::vector<GridConf> choose_task_grid(const format::TaskMetadata& metadata, const PredictParams& params);

// Reads and checks everything a prediction run needs; every problem is a gramt::Error naming the
// file and field.
PreparedTask load_prepared_task(const std::string& task_dir, const PredictParams& params);

struct GridPointSummary {
  GridConf conf;
  double validation_score = 0.0;
  int64_t epoch = 0;
  int64_t epochs_trained = 0;
  double time_in_min = 0.0;
  std::string failure;  // why the grid point failed (a non-finite prediction); empty if it did not
};

// A fold's test outputs, for the per-example views.
struct FoldPredictions {
  std::string key;            // "test", "fold00", ...
  std::string split;          // the test split's name
  torch::Tensor predictions;  // post-activation (N, C), CPU
  torch::Tensor logits;       // (N, C), CPU
  torch::Tensor targets;      // (N, C), CPU
  FileEvents events;          // event tasks
  std::map<std::string, std::vector<scores::PredictedDoa>> doas;  // accdoa tasks
};

struct TaskPredictionResult {
  std::string task_dir;
  bool skipped = false;      // done file present and skip_if_done
  std::string scores_path;   // empty unless written
  nlohmann::ordered_json scores;  // the content of the scores file
  double headline_test_score = std::nan("");  // test_score, or test_score_mean over folds
  std::vector<GridPointSummary> grid_points;    // in the order they were chosen
  size_t best_grid_point = 0;
  std::vector<FoldPredictions> fold_predictions;
  WorkerPlan plan;
  double seconds = 0.0;
};

// Runs grid search, retraining and testing on a prepared task; writes nothing. A grid point whose
// validation gives a non-finite prediction is logged (clip and grid point in one line), marked
// failed and left out of the choice; the task fails only when every grid point does, or when the
// chosen configuration gives one on another fold or on a test split.
TaskPredictionResult run_prepared_task(const PreparedTask& task, const PredictParams& params,
                                       const ProgressSink& progress);

// What run_prepared_task shares with the kNN probe (knn_probe.h): the task's scores, the setup
// that scores a split, and a split ready to be scored.
TaskScores make_prepared_task_scores(const PreparedTask& task, const PredictParams& params);
TrainingSetup make_training_setup(const PreparedTask& task, const PredictParams& params, const TaskScores& scores);
// `names` must hold exactly one split (`role` names it in the error: "valid", "test").
EvaluationSplit evaluation_split(const PreparedTask& task, const std::vector<std::string>& names, const std::string& role);

// load + run + write the scores file, the done file and (optionally) per-fold predictions.
TaskPredictionResult predict_task(const std::string& task_dir, const PredictParams& params,
                                  const ProgressSink& progress);

}  // namespace gramt::eval::predict

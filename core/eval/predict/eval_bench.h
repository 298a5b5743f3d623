#pragma once
// Timing of the predictor for `gramt-cli bench eval`: a synthetic, learnable multiclass scene task
// (by default 50 000 embeddings of width 6144) is built in memory and run through the same grid
// search as `predict`; the result carries our wall times and an estimate of the Python kit's time
// for the same work (cost model documented in eval_bench.cpp). Nothing here is asserted in tests.
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include "core/common/progress.h"
#include "core/eval/predict/concurrent_jobs.h"
#include "core/eval/predict/param_grid.h"
#include "core/eval/predict/task_prediction.h"
#include "core/eval/predict/task_scores.h"

namespace gramt::eval::predict {

struct PredictorBenchParams {
  int64_t rows = 50000;  // split 80 / 10 / 10 into train / valid / test
  int64_t width = 6144;
  int64_t classes = 50;
  // The predictor's own settings (grid, grid points, seed, kit, device, workers, score factory); its
  // log and output options are not used.
  PredictParams predict;
  int64_t max_epochs = 0;  // 0 = the grid's; > 0 caps every grid point (a quicker bench)
  // Cost model of the Python kit's data handling (seconds), see eval_bench.cpp.
  double kit_seconds_per_row_fed = 5e-6;
  double kit_seconds_per_row_loaded = 5e-6;
  double kit_seconds_per_step = 5e-4;
};

struct PredictorBenchPoint {
  GridConf conf;
  double seconds = 0.0;  // wall time of this grid point (while sharing the machine with others)
  int64_t epochs_trained = 0;
  int64_t validations = 0;
  double validation_score = 0.0;
};

struct PredictorBenchResult {
  std::vector<PredictorBenchPoint> points;
  WorkerPlan plan;
  double data_seconds = 0.0;   // building the synthetic task (not part of the kit comparison)
  double grid_seconds = 0.0;   // wall time: grid search + test, as `predict` runs it
  double test_score = 0.0;     // primary score (top1_acc) of the selected model on test
  // Measured with one worker owning the whole machine, per architecture of the grid.
  double train_seconds_per_row = 0.0;  // mean over the grid's architectures, weighted by use
  double eval_seconds_per_row = 0.0;
  // Estimated kit time for the same grid points and epoch counts.
  int64_t train_steps = 0;
  int64_t rows_fed = 0;     // training + validation + test rows passed through the model
  int64_t rows_loaded = 0;  // rows copied when the kit builds its datasets
  double kit_compute_seconds = 0.0;
  double kit_overhead_seconds = 0.0;
  double kit_estimated_seconds = 0.0;
};

PredictorBenchResult bench_predictor_training(const PredictorBenchParams& params, const ProgressSink& progress);

// The figures as one JSON object (for `gramt-cli bench eval`'s JSON lines).
nlohmann::ordered_json bench_result_json(const PredictorBenchParams& params, const PredictorBenchResult& result);

}  // namespace gramt::eval::predict

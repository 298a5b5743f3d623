#pragma once
// The kNN probe, beside the kits' MLP (X-ARES reports one too): every validation and test row takes
// the mean target of its k nearest training rows. For a classification task that is the share of
// neighbours in each class (its arg max is the majority vote); for a regression (localization) the
// mean of the neighbours' vectors. No training and no grid: it shows what the embedding's
// neighbourhoods alone hold, in seconds per task. Scored with the task's own scores, written as
// test.predicted-scores-knn.json with the kits' keys (predicted_scores_file.h).
#include <cstdint>

#include <torch/types.h>

#include "core/common/progress.h"
#include "core/eval/predict/probe_kind.h"
#include "core/eval/predict/task_prediction.h"

namespace gramt::eval::predict {

// (M, k) indices of each query's k nearest reference rows (rows of (N, D) and (M, D)), nearest
// first; equal distances keep the lower reference row first. k above N gives all N.
torch::Tensor nearest_reference_rows(const torch::Tensor& reference, const torch::Tensor& queries, int64_t k,
                                     KnnDistance distance);

// (M, C): the mean of reference_targets (N, C) over each query's k nearest reference rows.
torch::Tensor knn_mean_targets(const torch::Tensor& reference, const torch::Tensor& reference_targets,
                               const torch::Tensor& queries, int64_t k, KnnDistance distance);

// Per fold: neighbours from the train splits, the validation split scored (for event tasks it
// picks the post-processing, as the MLP's validation does), then the test split. (Rows with NaN
// or infinite values were refused when the task was loaded.) Writes nothing; grid_points stays empty.
TaskPredictionResult run_knn_task(const PreparedTask& task, const PredictParams& params, const ProgressSink& progress);

}  // namespace gramt::eval::predict

#include "core/eval/predict/knn_probe.h"

#include <algorithm>
#include <chrono>

#include "core/common/error.h"
#include "core/eval/predict/fold_aggregation.h"
#include "core/eval/predict/fold_splits.h"

namespace gramt::eval::predict {

namespace {

// Rows at unit length (zero rows stay zero), so a product of rows is their cosine.
torch::Tensor unit_rows(const torch::Tensor& rows) {
  return rows / rows.norm(2, 1, true).clamp_min(1e-12);
}

// Queries are taken in chunks, so the distance matrix stays near 128 MiB whatever the sizes.
int64_t query_chunk_rows(int64_t reference_rows) {
  return std::max<int64_t>(1, (int64_t{1} << 24) / std::max<int64_t>(1, reference_rows));
}

}  // namespace

torch::Tensor nearest_reference_rows(const torch::Tensor& reference, const torch::Tensor& queries, int64_t k,
                                     KnnDistance distance) {
  if (reference.dim() != 2 || queries.dim() != 2 || reference.size(1) != queries.size(1))
    throw Error("kNN probe: reference (" + std::to_string(reference.dim() == 2 ? reference.size(1) : -1) +
                " wide) and queries (" + std::to_string(queries.dim() == 2 ? queries.size(1) : -1) +
                " wide) must be matrices of the same width");
  if (reference.size(0) == 0) throw Error("kNN probe: no reference rows to take neighbours from");
  if (k < 1) throw Error("kNN probe: k must be at least 1 (it is " + std::to_string(k) + ")");
  torch::NoGradGuard no_grad;
  const int64_t take = std::min(k, reference.size(0));
  // Double precision, so near-equal distances order the same on every machine.
  const torch::Tensor ref = reference.to(torch::kFloat64);
  const torch::Tensor ref_unit = distance == KnnDistance::cosine ? unit_rows(ref) : torch::Tensor();
  std::vector<torch::Tensor> chunks;
  const int64_t step = query_chunk_rows(reference.size(0));
  for (int64_t begin = 0; begin < queries.size(0); begin += step) {
    const torch::Tensor q = queries.slice(0, begin, std::min(queries.size(0), begin + step)).to(torch::kFloat64);
    const torch::Tensor d = distance == KnnDistance::cosine ? 1.0 - torch::matmul(unit_rows(q), ref_unit.t())
                                                            : torch::cdist(q, ref);
    // A stable sort rather than topk: ties keep the lower reference row, on every device.
    const torch::Tensor order = std::get<1>(torch::sort(d, /*stable=*/true, /*dim=*/1, /*descending=*/false));
    chunks.push_back(order.slice(1, 0, take));
  }
  if (chunks.empty()) return torch::empty({0, take}, torch::TensorOptions().dtype(torch::kLong).device(reference.device()));
  return torch::cat(chunks);
}

torch::Tensor knn_mean_targets(const torch::Tensor& reference, const torch::Tensor& reference_targets,
                               const torch::Tensor& queries, int64_t k, KnnDistance distance) {
  if (reference_targets.dim() != 2 || reference_targets.size(0) != reference.size(0))
    throw Error("kNN probe: one target row per reference row is needed");
  const torch::Tensor nearest = nearest_reference_rows(reference, queries, k, distance);
  const int64_t rows = nearest.size(0), take = nearest.size(1), outputs = reference_targets.size(1);
  return reference_targets.to(torch::kFloat32)
      .index_select(0, nearest.reshape({-1}).to(reference_targets.device()))
      .reshape({rows, take, outputs})
      .mean(1);
}

TaskPredictionResult run_knn_task(const PreparedTask& task, const PredictParams& params, const ProgressSink& progress) {
  const auto started = std::chrono::steady_clock::now();
  const format::TaskMetadata& meta = task.metadata;
  if (params.random_probe) throw Error("--random-probe trains the MLP on shuffled targets; it does not go with --probe knn");
  TaskPredictionResult result;
  result.task_dir = task.embedding_path;
  const TaskScores scores = make_prepared_task_scores(task, params);
  const TrainingSetup setup = make_training_setup(task, params, scores);

  const std::vector<FoldSplit> folds = make_fold_splits(to_string(meta.split_mode), meta.splits, meta.source);
  std::vector<nlohmann::ordered_json> per_fold;
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  nlohmann::ordered_json postprocessing = nlohmann::ordered_json::array();
  for (size_t f = 0; f < folds.size(); ++f) {
    progress.checkpoint();
    const FoldSplit& fold = folds[f];
    progress.report(static_cast<double>(f) / static_cast<double>(folds.size()),
                    meta.task_name + " " + fold.test_key() + ": nearest neighbours");
    std::vector<torch::Tensor> reference, reference_targets;
    for (const std::string& name : fold.train) {
      reference.push_back(task.splits.at(name).embeddings);
      reference_targets.push_back(task.splits.at(name).targets);
    }
    const torch::Tensor train = torch::cat(reference), train_targets = torch::cat(reference_targets);
    const auto predict = [&](const EvaluationSplit& split) {
      return knn_mean_targets(train, train_targets, split.embeddings, params.knn_k, params.knn_distance);
    };
    const EvaluationSplit valid = evaluation_split(task, fold.valid, "valid");
    const SplitEvaluation validation = score_split_outputs(predict(valid), valid, setup, std::nullopt);
    const EvaluationSplit test = evaluation_split(task, fold.test, "test");
    const SplitEvaluation tested = score_split_outputs(predict(test), test, setup, validation.postprocessing);
    if (f == 0 && setup.event_task && validation.postprocessing)
      postprocessing = setup.postprocessing[*validation.postprocessing].as_kit_json();

    nlohmann::ordered_json metrics = metrics_json(tested, "test");
    metrics["validation_score"] = validation.monitored;
    metrics["time_in_min"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() / 60.0;
    out[fold.test_key()] = metrics;
    per_fold.push_back(metrics);
    result.fold_predictions.push_back({fold.test_key(), test.name, tested.predictions, tested.logits,
                                       test.targets.to(torch::kCPU), tested.events, tested.doas});
  }
  if (folds.size() > 1) out["aggregated_scores"] = aggregate_fold_scores(per_fold);
  const int64_t k = params.knn_k;
  const std::string distance = knn_distance_string(params.knn_distance);
  out["hparams"] = {{"probe", "knn"}, {"k", k}, {"distance", distance}};
  out["postprocessing"] = postprocessing;
  out["score_mode"] = setup.maximize() ? "max" : "min";
  out["embedding_path"] = task.embedding_path;
  // Where the neighbours come from, for a reader who compares this file with the MLP's.
  out["knn"] = {{"k", k}, {"distance", distance}, {"neighbours_from", "each fold's train splits"}};
  result.scores = out;
  result.headline_test_score = folds.size() > 1 ? out["aggregated_scores"].value("test_score_mean", std::nan(""))
                                                : out[folds.front().test_key()].value("test_score", std::nan(""));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  progress.report(1.0, meta.task_name + ": kNN done");
  return result;
}

}  // namespace gramt::eval::predict

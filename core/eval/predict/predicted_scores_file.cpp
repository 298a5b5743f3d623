#include "core/eval/predict/predicted_scores_file.h"

#include "core/common/atomic_file.h"
#include "core/eval/predict/fold_aggregation.h"
#include "core/eval/format/python_json.h"

namespace gramt::eval::predict {

std::string predicted_scores_filename(bool localization) {
  return localization ? "test.predicted-scores-localization.json" : "test.predicted-scores.json";
}

std::string prediction_done_filename(bool localization) {
  return localization ? "prediction-done-localization.json" : "prediction-done.json";
}

std::string predicted_scores_filename(bool localization, bool random_probe) {
  return random_probe ? "test.predicted-scores-random.json" : predicted_scores_filename(localization);
}

std::string prediction_done_filename(bool localization, bool random_probe) {
  return random_probe ? "prediction-done-random.json" : prediction_done_filename(localization);
}

std::string prediction_files_suffix(bool localization, bool random_probe, ProbeKind probe) {
  const std::string base = random_probe ? "-random" : localization ? "-localization" : "";
  return probe == ProbeKind::knn ? base + "-knn" : base;
}

std::string predicted_scores_filename(bool localization, bool random_probe, ProbeKind probe) {
  return "test.predicted-scores" + prediction_files_suffix(localization, random_probe, probe) + ".json";
}

std::string prediction_done_filename(bool localization, bool random_probe, ProbeKind probe) {
  return "prediction-done" + prediction_files_suffix(localization, random_probe, probe) + ".json";
}

nlohmann::ordered_json predicted_scores_json(const std::vector<FoldScores>& folds, const GridConf& best_conf,
                                             const nlohmann::ordered_json& postprocessing, bool maximize,
                                             const std::string& embedding_path,
                                             const nlohmann::ordered_json& grid_search) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  std::vector<nlohmann::ordered_json> per_fold;
  for (const FoldScores& fold : folds) {
    out[fold.key] = fold.metrics;
    per_fold.push_back(fold.metrics);
  }
  if (folds.size() > 1) out["aggregated_scores"] = aggregate_fold_scores(per_fold);
  out["hparams"] = hparams_json(best_conf);
  out["postprocessing"] = postprocessing;
  out["score_mode"] = maximize ? "max" : "min";
  out["embedding_path"] = embedding_path;
  out["grid_search"] = grid_search;
  return out;
}

void write_kit_json_file(const std::string& path, const nlohmann::ordered_json& json) {
  write_file_atomically(path, format::dump_kit_json(json));
}

}  // namespace gramt::eval::predict

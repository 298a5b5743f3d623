#pragma once
// The files a prediction run leaves in the embeddings task folder, with the kits' names, keys and
// layout (spec/eval.md §3.1, §3.8, §3.11): test.predicted-scores.json (or
// test.predicted-scores-localization.json) and prediction-done.json (or -localization).
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/predict/param_grid.h"
#include "core/eval/predict/probe_kind.h"

namespace gramt::eval::predict {

std::string predicted_scores_filename(bool localization);
std::string prediction_done_filename(bool localization);
// With --random-probe: test.predicted-scores-random.json and prediction-done-random.json, the
// names of listen-eval-kit's localization path, used here for every task so that a control run
// never overwrites the real scores.
std::string predicted_scores_filename(bool localization, bool random_probe);
std::string prediction_done_filename(bool localization, bool random_probe);

// The kNN probe's files carry "-knn" after the MLP's suffix (test.predicted-scores-knn.json,
// test.predicted-scores-localization-knn.json, prediction-done-knn.json...), so neither probe
// overwrites the other. prediction_files_suffix gives "", "-localization", "-random", "-knn" or
// "-localization-knn", also used for the per-fold prediction files.
std::string prediction_files_suffix(bool localization, bool random_probe, ProbeKind probe);
std::string predicted_scores_filename(bool localization, bool random_probe, ProbeKind probe);
std::string prediction_done_filename(bool localization, bool random_probe, ProbeKind probe);

struct FoldScores {
  std::string key;                  // "test", "fold00", ...
  nlohmann::ordered_json metrics;   // test_* then validation_score, epoch, time_in_min
};

// Folds first, "aggregated_scores" when there is more than one, then "hparams", "postprocessing",
// "score_mode", "embedding_path", and our "grid_search" record (grid name, seed, every grid
// point's validation result) last, where the kits' readers do not look.
nlohmann::ordered_json predicted_scores_json(const std::vector<FoldScores>& folds, const GridConf& best_conf,
                                             const nlohmann::ordered_json& postprocessing, bool maximize,
                                             const std::string& embedding_path,
                                             const nlohmann::ordered_json& grid_search);

// Writes `json` with the kits' formatting, atomically.
void write_kit_json_file(const std::string& path, const nlohmann::ordered_json& json);

}  // namespace gramt::eval::predict

#pragma once
// `<fold>.predictions.pkl`, a fold's test outputs as the kits pickle them (spec/eval.md §3.8), so
// scripts that collect these files find ours: a dict of CPU tensors and plain values,
//   scene:  {"target", "prediction", "prediction_logit"}  (N, C) each
//   event:  the same + "target_events" (the split JSON), "predicted_events" (file -> [{"label",
//           "start", "end"}]), "timestamp" (N, float64 ms)
//   accdoa: {"target", "prediction"} (N, C, 3), "target_events" (file -> frame -> [[class, 0, az,
//           el]]), "predicted_events" (file -> frame -> [[class, 0, x, y, z, 0]]), "timestamp".
// Python reads it with pickle.load when torch is installed (python_pickle_writer.h).
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include "core/eval/predict/event_postprocessing.h"
#include "core/eval/scores/score_inputs.h"

namespace gramt::eval::predict {

// "<fold>.predictions<suffix>.pkl"; suffix "" (the kits' name), "-localization" or "-random".
std::string fold_predictions_pickle_filename(const std::string& fold, const std::string& suffix);

struct FoldPickle {
  torch::Tensor target;            // (N, C), accdoa (N, C, 3)
  torch::Tensor prediction;        // post-activation, same shape
  torch::Tensor prediction_logit;  // (N, C); undefined for accdoa (the kit leaves it out)
  // Event and accdoa tasks.
  const nlohmann::json* target_events = nullptr;  // event tasks: the test split's JSON object
  const FileEvents* predicted_events = nullptr;   // event tasks
  const std::map<std::string, std::vector<scores::ReferenceDoa>>* reference_doas = nullptr;  // accdoa
  const std::map<std::string, std::vector<scores::PredictedDoa>>* predicted_doas = nullptr;  // accdoa
  torch::Tensor timestamp;  // (N) ms, float64; undefined for scene tasks
};

std::string encode_fold_predictions_pickle(const FoldPickle& fold);

// Writes the pickle atomically (a temporary file renamed into place).
void write_fold_predictions_pickle(const std::string& path, const FoldPickle& fold);

}  // namespace gramt::eval::predict

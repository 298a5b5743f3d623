#include "core/eval/scores/score_registry.h"

#include "core/common/error.h"
#include "core/eval/scores/accuracy.h"
#include "core/eval/scores/event_based_metrics.h"
#include "core/eval/scores/localization_scores.h"
#include "core/eval/scores/old_seld_metrics.h"
#include "core/eval/scores/ranking_scores.h"
#include "core/eval/scores/segment_based_metrics.h"
#include "core/eval/scores/seld_metrics.h"

namespace gramt::eval::scores {
namespace {

const std::vector<std::string> kEventParts{"f_measure", "precision", "recall"};
const std::vector<std::string> kSeldParts{"SELD", "ER", "F", "LE", "LR"};

std::vector<std::string> seld_extra_keys(const std::string& stem) {
  return {stem, stem + "_ER", stem + "_F", stem + "_LE", stem + "_LR"};
}

std::vector<ScoreInfo> make_registry() {
  using I = ScoreInput;
  std::vector<ScoreInfo> r;
  const auto scene = [&](const std::string& name, bool float32) { r.push_back({name, name, I::kScene, true, float32, {}, {}}); };
  scene("top1_acc", true);
  scene("pitch_acc", true);
  scene("chroma_acc", true);
  for (const char* name : {"event_onset_200ms_fms", "event_onset_50ms_fms", "event_onset_offset_50ms_20perc_fms"})
    r.push_back({name, name, I::kEvents, true, true, kEventParts, {}});
  r.push_back({"segment_1s_er", "segment_1s_er", I::kEvents, false, true, {"error_rate"}, {}});
  r.push_back({"SELD", "SELD", I::kSeld, false, true, kSeldParts, seld_extra_keys("SELD_all_frames")});
  r.push_back({"OldSELD", "SELD", I::kSeld, false, true, kSeldParts, seld_extra_keys("OldSELD_doa_resolution")});
  scene("mAP", false);
  scene("d_prime", false);
  scene("aucroc", false);
  for (const char* name : {"3d_source_local", "3d_source_local_x", "3d_source_local_y", "3d_source_local_z", "DOE",
                           "DOEPolar", "DOA", "MAE", "distance"})
    r.push_back({name, name, I::kLocalization, false, true, {}, {}});
  for (auto& info : r)
    if (info.name == "DOA") info.extra_keys = {"DOA_nan_as_180"};
  return r;
}

void check_labels(const SceneScoreInputs& inputs, const std::string& name) {
  if (!inputs.labels.empty() && static_cast<int64_t>(inputs.labels.size()) != inputs.predictions.cols)
    throw Error(name + ": the label vocabulary has " + std::to_string(inputs.labels.size()) +
                " labels but the predictions have " + std::to_string(inputs.predictions.cols) + " columns");
}

ScoreValues scene_score(const std::string& name, const SceneScoreInputs& in) {
  check_labels(in, name);
  const Matrix& p = in.predictions;
  const Matrix& t = in.targets;
  if (name == "top1_acc" || name == "pitch_acc") return {{name, top1_accuracy(p, t)}};
  if (name == "chroma_acc") return {{name, chroma_accuracy(p, t)}};
  if (name == "mAP") return {{name, mean_average_precision(p, t)}};
  if (name == "d_prime") return {{name, d_prime(p, t)}};
  return {{name, macro_roc_auc(p, t)}};  // aucroc
}

void add_parts(ScoreValues& values, const std::string& name, const std::vector<std::pair<std::string, double>>& parts) {
  values[name] = parts.front().second;
  for (const auto& [part, value] : parts) values[name + "_" + part] = value;
}

ScoreValues event_score(const std::string& name, const EventScoreInputs& in) {
  ScoreValues values;
  if (name == "segment_1s_er") {
    const auto result = segment_based_metrics(in.predicted, in.reference, in.labels, 1.0);
    add_parts(values, name, {{"error_rate", result.error_rate}});
    return values;
  }
  EventMatchingRule rule;
  if (name == "event_onset_200ms_fms") {
    rule.collar_s = 0.2;
  } else if (name == "event_onset_50ms_fms") {
    rule.collar_s = 0.05;
  } else {  // event_onset_offset_50ms_20perc_fms
    rule.collar_s = 0.05;
    rule.evaluate_offset = true;
    rule.percentage_of_length = 0.2;
  }
  const auto f = event_based_metrics(in.predicted, in.reference, rule).overall_f;
  add_parts(values, name, {{"f_measure", f.f_measure}, {"precision", f.precision}, {"recall", f.recall}});
  return values;
}

ScoreValues localization_score(const std::string& name, const LocalizationScoreInputs& in) {
  const Matrix& p = in.predictions;
  const Matrix& t = in.targets;
  if (name == "3d_source_local") return {{name, mean_absolute_error(p, t)}};
  if (name == "3d_source_local_x") return {{name, mean_absolute_error_of_column(p, t, 0)}};
  if (name == "3d_source_local_y") return {{name, mean_absolute_error_of_column(p, t, 1)}};
  if (name == "3d_source_local_z") return {{name, mean_absolute_error_of_column(p, t, 2)}};
  if (name == "DOE") return {{name, median_direction_error_deg(p, t)}};
  if (name == "DOEPolar") return {{name, median_polar_direction_error_deg(p, t)}};
  if (name == "DOA") {
    const auto e = mean_chord_angle_error_deg(p, t);
    return {{name, e.as_published}, {"DOA_nan_as_180", e.nan_as_180}};
  }
  if (name == "MAE") return {{name, mean_angular_error_deg(p, t)}};
  return {{name, mean_distance_error(p, t)}};  // distance
}

std::vector<std::pair<std::string, double>> seld_parts(const SeldResult& r) {
  return {{"SELD", r.seld},
          {"ER", r.error_rate},
          {"F", r.f_measure},
          {"LE", r.localization_error_deg},
          {"LR", r.localization_recall}};
}

void add_corrected(ScoreValues& values, const std::string& stem, const SeldResult& r) {
  values[stem] = r.seld;
  values[stem + "_ER"] = r.error_rate;
  values[stem + "_F"] = r.f_measure;
  values[stem + "_LE"] = r.localization_error_deg;
  values[stem + "_LR"] = r.localization_recall;
}

ScoreValues seld_score(const std::string& name, const SeldScoreInputs& in) {
  ScoreValues values;
  if (name == "SELD") {
    const auto v = seld_metrics(in);
    add_parts(values, name, seld_parts(v.as_published));
    add_corrected(values, "SELD_all_frames", v.all_frames);
  } else {
    const auto v = old_seld_metrics(in);
    add_parts(values, name, seld_parts(v.as_published));
    add_corrected(values, "OldSELD_doa_resolution", v.doa_resolution);
  }
  return values;
}

template <typename T>
const T& require(const T* inputs, const ScoreInfo& info, const char* what) {
  if (inputs == nullptr) throw Error("score '" + info.name + "' needs " + what);
  return *inputs;
}

}  // namespace

const std::vector<ScoreInfo>& available_scores() {
  static const std::vector<ScoreInfo> registry = make_registry();
  return registry;
}

const ScoreInfo& score_info(const std::string& name) {
  for (const auto& info : available_scores())
    if (info.name == name) return info;
  std::string valid;
  for (const auto& info : available_scores()) valid += (valid.empty() ? "" : ", ") + info.name;
  throw Error("unknown score '" + name + "'; valid names: " + valid);
}

ScoreValues compute_score(const std::string& name, const ScoreInputs& inputs) {
  const ScoreInfo& info = score_info(name);
  switch (info.input) {
    case ScoreInput::kScene:
      return scene_score(name, require(inputs.scene, info, "scene inputs (prediction and target matrices)"));
    case ScoreInput::kEvents:
      return event_score(name, require(inputs.events, info, "event inputs (predicted and reference events)"));
    case ScoreInput::kLocalization:
      return localization_score(name, require(inputs.localization, info, "localization inputs (N x 3 matrices)"));
    case ScoreInput::kSeld:
      return seld_score(name, require(inputs.seld, info, "SELD inputs (frame-wise DOAs)"));
  }
  throw Error("score '" + name + "': unhandled input kind");
}

namespace {

// One kind of input placed in its slot of ScoreInputs, for the overloads below.
template <typename Inputs>
ScoreValues compute_with(const std::string& name, const Inputs* ScoreInputs::*slot, const Inputs& inputs) {
  ScoreInputs all;
  all.*slot = &inputs;
  return compute_score(name, all);
}

}  // namespace

ScoreValues compute_score(const std::string& name, const SceneScoreInputs& inputs) {
  return compute_with(name, &ScoreInputs::scene, inputs);
}

ScoreValues compute_score(const std::string& name, const EventScoreInputs& inputs) {
  return compute_with(name, &ScoreInputs::events, inputs);
}

ScoreValues compute_score(const std::string& name, const LocalizationScoreInputs& inputs) {
  return compute_with(name, &ScoreInputs::localization, inputs);
}

ScoreValues compute_score(const std::string& name, const SeldScoreInputs& inputs) {
  return compute_with(name, &ScoreInputs::seld, inputs);
}

}  // namespace gramt::eval::scores

#pragma once
// Every score of hear-eval-kit and listen-eval-kit (plus DOEPolar of GRAM-T's copy) by the name a
// task's metadata lists under "evaluation" (spec/eval.md §4.2).
//
// compute_score returns the values under the kits' key scheme: the primary value under the score
// name; for scores the kits return as (subname, value) tuples also "<name>_<subname>" for every
// part (e.g. event_onset_200ms_fms_precision); the kits log these as val_/test_ + key (OldSELD as
// "SELD", see ScoreInfo::logged_name). Where a kit has a bug that changes published numbers the
// published value keeps the plain keys and the corrected value comes under extra keys:
//   DOA_nan_as_180                      DOA counting chords longer than 2 as 180 degrees, not 0
//   SELD_all_frames[_ER|_F|_LE|_LR]     SELD over every frame and file (the kit drops frames from
//                                       the last reference block boundary on)
//   OldSELD_doa_resolution[_ER|...]     OldSELD with the configured grid step instead of 10 degrees
// segment_1s_er is computed as hear-eval-kit does; listen-eval-kit asks sed_eval for a sub-score
// named "" and fails (KeyError), so it has no published value to reproduce.
#include <map>
#include <string>
#include <vector>

#include "core/eval/scores/score_inputs.h"

namespace gramt::eval::scores {

enum class ScoreInput { kScene, kEvents, kLocalization, kSeld };

struct ScoreInfo {
  std::string name;         // as in task_metadata "evaluation"
  std::string logged_name;  // the kits' key stem in val_/test_ keys
  ScoreInput input = ScoreInput::kScene;
  // Direction for early stopping and model selection. The localization scores are minimised only
  // in listen-eval-kit's localization path; built elsewhere the kit would maximise them.
  bool maximize = true;
  // The kit returns a Python float, which PyTorch Lightning logs as float32 (numpy float64 from
  // scikit-learn stays float64); round to float32 to match their JSON to the last digit.
  bool logged_as_float32 = true;
  std::vector<std::string> parts;       // tuple sub-scores, first = primary; empty for a plain value
  std::vector<std::string> extra_keys;  // our additional keys (corrected readings), full key names
};

using ScoreValues = std::map<std::string, double>;

// Only the inputs a score reads need to be set.
struct ScoreInputs {
  const SceneScoreInputs* scene = nullptr;
  const EventScoreInputs* events = nullptr;
  const LocalizationScoreInputs* localization = nullptr;
  const SeldScoreInputs* seld = nullptr;
};

const std::vector<ScoreInfo>& available_scores();
// Throws gramt::Error listing the valid names for an unknown name.
const ScoreInfo& score_info(const std::string& name);

// Throws gramt::Error for an unknown name, missing inputs for the score, or bad inputs.
ScoreValues compute_score(const std::string& name, const ScoreInputs& inputs);
ScoreValues compute_score(const std::string& name, const SceneScoreInputs& inputs);
ScoreValues compute_score(const std::string& name, const EventScoreInputs& inputs);
ScoreValues compute_score(const std::string& name, const LocalizationScoreInputs& inputs);
ScoreValues compute_score(const std::string& name, const SeldScoreInputs& inputs);

}  // namespace gramt::eval::scores

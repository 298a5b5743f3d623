#pragma once
// Input checks shared by SELD and OldSELD.
#include <string>

#include "core/eval/scores/score_inputs.h"

namespace gramt::eval::scores {

// classes >= 1, frames >= 0, class indices in [0, classes), finite coordinates; `score` names the
// caller in messages.
void check_seld_inputs(const SeldScoreInputs& inputs, const std::string& score);

}  // namespace gramt::eval::scores

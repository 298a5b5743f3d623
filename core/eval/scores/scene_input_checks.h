#pragma once
// Input checks shared by the matrix scores: every bad input is one gramt::Error naming the score
// and the offending row/column, instead of the kits' assertion or NaN.
#include <string>

#include "core/eval/scores/score_inputs.h"

namespace gramt::eval::scores {

// Shapes agree, N >= 1, C >= 1, values finite; `score` names the caller in messages.
void check_matrix_pair(const Matrix& predictions, const Matrix& targets, const std::string& score);

// Additionally every target is 0 or 1 (scikit-learn rejects anything else).
void check_indicator_targets(const Matrix& targets, const std::string& score);

}  // namespace gramt::eval::scores

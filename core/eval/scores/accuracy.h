#pragma once
// top1_acc / pitch_acc and chroma_acc (spec/eval.md §4.3): the fraction of rows whose prediction
// argmax equals the target argmax (first index on ties; a target row without a positive has
// argmax 0). Chroma compares the argmax *vocabulary indices* modulo 12, which is pitch chroma only
// because the NSynth vocabulary is the contiguous, numerically sorted pitches 21-108.
#include "core/eval/scores/score_inputs.h"

namespace gramt::eval::scores {

// Index of the first maximum of row `row`.
int64_t row_argmax(const Matrix& m, int64_t row);

double top1_accuracy(const Matrix& predictions, const Matrix& targets);
double chroma_accuracy(const Matrix& predictions, const Matrix& targets);

}  // namespace gramt::eval::scores

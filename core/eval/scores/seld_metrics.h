#pragma once
// listen-eval-kit's `SELD` score (DCASE 2022/23 baseline logic; spec/eval.md §4.3): predicted
// ACCDOA vectors and reference directions are grouped into blocks of `block_frames` frames; per
// block and class, tracks are matched frame by frame (Hungarian, great-circle cost) and scored as
// location-sensitive detection (ER, F within doa_threshold) and class-sensitive localization
// (LE, LR). SELD = mean(ER, 1 - F, LE / 180, 1 - LR); macro averages F, LE, LR, SELD over classes.
//
// As published, a file is cut into ceil(n / B) blocks with n the index of its last active
// reference frame, so frames from ceil(n / B) * B on never count (when n is a multiple of B
// the last reference frame itself is dropped). A predicted file without reference events makes the
// kit fail; here it contributes nothing, the limit of the same rule. The `all_frames` variant is
// the corrected reading: every frame up to the last active frame of either side, and files present
// on either side.
#include "core/eval/scores/score_inputs.h"

namespace gramt::eval::scores {

struct SeldResult {
  double seld = 0.0;
  double error_rate = 0.0;
  double f_measure = 0.0;
  double localization_error_deg = 0.0;
  double localization_recall = 0.0;
};

struct SeldVariants {
  SeldResult as_published;
  SeldResult all_frames;
};

// Needs classes >= 1, block_frames >= 1, average "macro" or "micro", frames >= 0, class indices
// within [0, classes), finite values; otherwise a gramt::Error.
SeldVariants seld_metrics(const SeldScoreInputs& inputs);

}  // namespace gramt::eval::scores

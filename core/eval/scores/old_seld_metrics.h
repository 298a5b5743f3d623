#pragma once
// listen-eval-kit's `OldSELD` score (DCASE 2019 style, logged by the kit as "SELD"; spec/eval.md
// §4.3). Directions are rasterised on an azimuth x elevation grid (range(a0, a1, res) x
// range(e0, e1, res), elevations first divided by 180 / e1), every file padded to max_frames.
//   SED: class activity in blocks of B frames, a block taking the maximum over its first B - 1
//        frames (the last frame of each block is left out, as in DCASE 2019); ER = (S + D + I) / Nref
//        (no epsilon: inf or NaN without reference), F = 2PR / (P + R + eps).
//   DOA: per frame, Hungarian-matched great-circle error between grid cells ignoring class;
//        LE = summed error / predicted cells (NaN without predictions), LR = frames with as many
//        predicted as reference cells / frames (padding frames count as good).
//   SELD = mean(ER, 1 - F, LE / 180, 1 - LR).
// As published the cell index uses a hard-coded 10-degree step whatever doa_resolution is; with a
// resolution above 10 a direction can fall outside the grid, where the kit fails: those values are
// NaN here. `doa_resolution` is the corrected reading that uses the configured step.
// A predicted file missing from the reference (the kit fails on it) is scored as silent.
#include "core/eval/scores/seld_metrics.h"

namespace gramt::eval::scores {

struct OldSeldVariants {
  SeldResult as_published;
  SeldResult doa_resolution;
};

// Needs block_frames >= 2 (a 1-frame block is empty once its last frame is left out),
// max_frames >= 1 and every frame below it, non-empty grids, doa_resolution > 0 and a non-zero
// upper elevation limit, at least one predicted file; otherwise a gramt::Error.
OldSeldVariants old_seld_metrics(const SeldScoreInputs& inputs);

}  // namespace gramt::eval::scores

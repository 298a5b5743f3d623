#pragma once
// Fixed 2-D sin-cos positional embeddings as the reference builds them: for token n = f·grid_t + t
// the first half of the channels encodes the time (column) index t, the second half the frequency
// (row) index f; computed in float64 and cast to float32.
#include <torch/types.h>

namespace gramt::model {

// (1, grid_f·grid_t [+1], width); with_cls prepends an all-zero row.
torch::Tensor sincos_pos_embed_2d(int width, int grid_f, int grid_t, bool with_cls);

}  // namespace gramt::model

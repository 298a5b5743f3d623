#pragma once
// Masks for masked-autoencoder pretraining: each row masks exactly `mask_patch` of the `patches`
// positions, drawn uniformly without replacement (true = masked, hidden from the encoder).
#include <torch/types.h>

#include <cstdint>

#include "core/data/random.h"

namespace gramt::data {

// (rows, patches) bool. Throws gramt::Error when mask_patch is outside [0, patches].
torch::Tensor draw_patch_masks(Rng& rng, int64_t rows, int64_t patches, int64_t mask_patch);

}  // namespace gramt::data

#include "core/data/patch_masks.h"

#include <torch/types.h>

#include "core/common/error.h"

namespace gramt::data {

torch::Tensor draw_patch_masks(Rng& rng, int64_t rows, int64_t patches, int64_t mask_patch) {
  if (mask_patch < 0 || mask_patch > patches)
    throw Error("mask_patch " + std::to_string(mask_patch) + " must be within 0.." + std::to_string(patches) +
                " (the number of patches)");
  auto masks = torch::zeros({rows, patches}, torch::kBool);
  auto* data = masks.data_ptr<bool>();
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t p : rng.sample_without_replacement(patches, mask_patch)) data[r * patches + p] = true;
  return masks;
}

}  // namespace gramt::data

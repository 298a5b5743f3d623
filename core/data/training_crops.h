#pragma once
// From a clip's log-mel spectrogram to the model's fixed-size inputs, as the reference pretrains:
// pad or cut the spectrogram to input_length frames IN THE LOG DOMAIN (the padding value is 0, not
// log of silence), then take several crops of target_length frames at random starts; crops may
// overlap and may include padding.
#include <torch/types.h>

#include <cstdint>
#include <vector>

#include "core/data/random.h"

namespace gramt::data {

// (..., T, F) → (..., frames, F): zero frames appended, or the end cut off.
torch::Tensor pad_or_truncate_frames(const torch::Tensor& log_mel, int64_t frames);

// `count` crop starts, each uniform in [0, input_length − target_length] (both ends included).
std::vector<int64_t> draw_crop_starts(Rng& rng, int64_t input_length, int64_t target_length, int count);

// Crops of (C, T, F) at the given starts → (starts.size(), C, target_length, F), contiguous.
torch::Tensor cut_crops(const torch::Tensor& log_mel, const std::vector<int64_t>& starts, int64_t target_length);

}  // namespace gramt::data

#include "core/data/training_crops.h"

#include <torch/types.h>

#include "core/common/error.h"

namespace gramt::data {

torch::Tensor pad_or_truncate_frames(const torch::Tensor& log_mel, int64_t frames) {
  if (log_mel.dim() < 2) throw Error("log-mel spectrogram needs (..., frames, mels) dimensions");
  const int64_t have = log_mel.size(-2);
  if (have >= frames) return log_mel.narrow(-2, 0, frames);
  auto shape = log_mel.sizes().vec();
  shape[shape.size() - 2] = frames - have;
  return torch::cat({log_mel, torch::zeros(shape, log_mel.options())}, -2);
}

std::vector<int64_t> draw_crop_starts(Rng& rng, int64_t input_length, int64_t target_length, int count) {
  if (target_length <= 0 || target_length > input_length)
    throw Error("crop length " + std::to_string(target_length) + " must be within 1.." + std::to_string(input_length) +
                " (input_length)");
  std::vector<int64_t> starts(static_cast<size_t>(count));
  for (auto& start : starts) start = rng.uniform_int(0, input_length - target_length);
  return starts;
}

torch::Tensor cut_crops(const torch::Tensor& log_mel, const std::vector<int64_t>& starts, int64_t target_length) {
  if (log_mel.dim() != 3) throw Error("cut_crops expects a (channels, frames, mels) spectrogram");
  std::vector<torch::Tensor> crops;
  crops.reserve(starts.size());
  for (int64_t start : starts) {
    if (start < 0 || start + target_length > log_mel.size(1))
      throw Error("crop at frame " + std::to_string(start) + " runs past the " + std::to_string(log_mel.size(1)) +
                  " frames of the spectrogram");
    crops.push_back(log_mel.narrow(1, start, target_length));
  }
  return torch::stack(crops, 0).contiguous();
}

}  // namespace gramt::data

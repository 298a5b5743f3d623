#include "core/train/batch_source.h"

#include <ATen/core/Generator.h>
#include <ATen/CPUGeneratorImpl.h>

namespace gramt::train {

SyntheticBatchSource::SyntheticBatchSource(int64_t seed, int batch_per_rank, int channels, int frames, int mels,
                                           int patches, int mask_patch, int rank, int world_size)
    : seed_(seed), batch_(batch_per_rank), channels_(channels), frames_(frames), mels_(mels), patches_(patches),
      mask_patch_(mask_patch), rank_(rank), world_(world_size) {}

TrainBatch SyntheticBatchSource::batch(int64_t step) {
  std::vector<torch::Tensor> crops, masks;
  for (int b = rank_ * batch_; b < (rank_ + 1) * batch_; ++b) {
    auto gen = at::detail::createCPUGenerator(static_cast<uint64_t>(seed_ * 1000003 + step * 1009 + b));
    // Smooth, structured "spectrograms" so the autoencoder has something to learn.
    const torch::Tensor base = torch::randn({channels_, frames_ / 8 + 1, mels_ / 8 + 1}, gen);
    crops.push_back(torch::upsample_bilinear2d(base.unsqueeze(0), {frames_, mels_}, false).squeeze(0));
    const torch::Tensor order = torch::randperm(patches_, gen);
    torch::Tensor m = torch::zeros({patches_}, torch::kBool);
    m.index_fill_(0, order.slice(0, 0, mask_patch_), true);
    masks.push_back(m);
  }
  return {torch::stack(crops), torch::stack(masks)};
}

}  // namespace gramt::train

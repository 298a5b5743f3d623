#pragma once
// Where training batches come from. The trainer asks for the batch of a given global step, so a
// resumed run continues with exactly the data an uninterrupted run would have seen.
#include <torch/types.h>

#include <cstdint>

namespace gramt::train {

struct TrainBatch {
  torch::Tensor crops;  // (B, C, T, F) log-mel crops
  torch::Tensor masks;  // (B, N) bool, true = masked patch
};

class BatchSource {
 public:
  virtual ~BatchSource() = default;
  // This process's share of global batch `step` (rank and world size were fixed at construction).
  virtual TrainBatch batch(int64_t step) = 0;
  // Seconds the last batch() call spent waiting for data (0 for in-memory sources).
  virtual double last_wait_seconds() const { return 0.0; }
};

// Random but reproducible batches: crop b of global batch k is a pure function of (seed, k, b), and a
// rank receives rows [rank·B, (rank+1)·B) of the global batch. Used by tests and benchmarks.
class SyntheticBatchSource : public BatchSource {
 public:
  SyntheticBatchSource(int64_t seed, int batch_per_rank, int channels, int frames, int mels, int patches,
                       int mask_patch, int rank = 0, int world_size = 1);
  TrainBatch batch(int64_t step) override;

 private:
  int64_t seed_;
  int batch_, channels_, frames_, mels_, patches_, mask_patch_, rank_, world_;
};

}  // namespace gramt::train

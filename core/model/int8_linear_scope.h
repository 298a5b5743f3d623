#pragma once
// Switches the model's linear layers (linear_kernel.h) on the current thread to int8 products
// (onednn_int8_matmul.h) while an Int8LinearScope lives: inference only (without gradients).
// Everything else stays fp32: LayerNorm, GELU, softmax, and attention's own two products
// (scores and weights·V, a few per cent of the encoder's work), so only the QKV, output projection
// and MLP products of the encoder change.
#include <torch/types.h>

#include <memory>

#include "core/model/int8_quantization.h"

namespace gramt::model {

// Weights quantised per output channel, each once while the fp32 weight is unchanged (same tensor,
// same version counter): an embedder quantises at its first batch and reuses them afterwards.
class Int8WeightCache {
 public:
  Int8WeightCache();
  ~Int8WeightCache();
  const QuantizedRows& get(const torch::Tensor& weight);

 private:
  struct Entries;
  std::unique_ptr<Entries> entries_;
};

class Int8LinearScope {
 public:
  // enabled = false: a scope that changes nothing (fp32), so callers need no branch.
  explicit Int8LinearScope(bool enabled = true, std::shared_ptr<Int8WeightCache> cache = nullptr);
  ~Int8LinearScope();
  Int8LinearScope(const Int8LinearScope&) = delete;
  Int8LinearScope& operator=(const Int8LinearScope&) = delete;

 private:
  bool previous_enabled_;
  std::shared_ptr<Int8WeightCache> previous_cache_;
};

// Whether linear layers on this thread multiply in int8 now.
bool int8_linears_enabled();

// The quantised weight for a product: from the scope's cache when it has one, else quantised now.
QuantizedRows int8_weight(const torch::Tensor& weight);

}  // namespace gramt::model

#pragma once
// Switches the model's matrix products (linear layers, attention) on the current thread to bf16
// multiplication with fp32 accumulation while a Bf16MatmulScope lives, as autocast does for
// LibTorch's own ops. Only the products change: their outputs, the activations between them,
// LayerNorm, softmax, GELU and the loss stay fp32, and so do the weights the optimiser updates.
// Backward follows the forward's choice (it multiplies in bf16 whatever it saved as bf16), so the
// scope needs to cover only the forward pass.
#include <torch/types.h>

#include <memory>

namespace gramt::model {

// bf16 copies of weights, reused while the fp32 weight is unchanged (same tensor, same version
// counter): inference converts each weight once instead of once per forward pass. Holds its
// sources alive; drop it to free them.
class Bf16WeightCache {
 public:
  Bf16WeightCache();
  ~Bf16WeightCache();
  torch::Tensor get(const torch::Tensor& weight);

 private:
  struct Entries;
  std::unique_ptr<Entries> entries_;
};

class Bf16MatmulScope {
 public:
  // enabled = false: a scope that changes nothing (fp32), so callers need no branch.
  explicit Bf16MatmulScope(bool enabled = true, std::shared_ptr<Bf16WeightCache> cache = nullptr);
  ~Bf16MatmulScope();
  Bf16MatmulScope(const Bf16MatmulScope&) = delete;
  Bf16MatmulScope& operator=(const Bf16MatmulScope&) = delete;

 private:
  bool previous_enabled_;
  std::shared_ptr<Bf16WeightCache> previous_cache_;
};

// Whether products on this thread multiply in bf16 now.
bool bf16_matmuls_enabled();

// The bf16 copy of a weight for a product: from the scope's cache when it has one, else converted now.
torch::Tensor bf16_weight(const torch::Tensor& weight);

}  // namespace gramt::model

#pragma once
// softmax(q·kᵀ/√d + bias)·v for (B, H, N, d) tensors, using the fused kernel where the LibTorch
// version has one (2.x) and plain batched matmuls on 1.13.
#include <torch/types.h>

namespace gramt::model {

// bias: undefined, or broadcastable to (B, H, N, N) (additive; −inf masks a pair).
torch::Tensor scaled_attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                               const torch::Tensor& bias);

}  // namespace gramt::model

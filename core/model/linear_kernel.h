#pragma once
// y = x·Wᵀ + b for the model's linear layers. On CPU with float32 the product and both backward
// products go through onednn_matmul (see there for why); other devices and dtypes take LibTorch's
// ordinary path. Under a Bf16MatmulScope the products multiply in bf16 (bf16_matmul_scope.h); under
// an Int8LinearScope, without gradients, in int8 (int8_linear_scope.h).
#include <torch/types.h>

namespace gramt::model {

torch::Tensor linear_forward(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias);

}  // namespace gramt::model

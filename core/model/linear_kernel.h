#pragma once
// y = x·Wᵀ + b for inference. On CPU, LibTorch's BLAS path is whatever the system BLAS is (Debian:
// OpenBLAS, which does not use AVX-512 on every CPU), while its bundled oneDNN JIT does: for the
// encoder's large products oneDNN is ~1.5-2x faster here, in training too (its backward products go
// through oneDNN as well). Other devices and dtypes take LibTorch's ordinary path.
#include <torch/types.h>

namespace gramt::model {

torch::Tensor linear_forward(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias);

// Whether the oneDNN path is in use (LibTorch built with it, not disabled by GRAMT_NO_ONEDNN=1).
bool onednn_linear_available();

}  // namespace gramt::model

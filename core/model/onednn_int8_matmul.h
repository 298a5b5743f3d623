#pragma once
// y = x·Wᵀ + b as an int8 product through oneDNN: the weight quantised per output channel (once, by
// the caller: int8_linear_scope.h), x quantised per row (token) on every call, s8·s8 products
// accumulated in s32, then dequantised by both scales and biased inside the same primitive
// (post-ops), so the float result is written once. On AVX512-VNNI this multiplies 4× as
// many values per instruction as fp32 FMA.
//
// Compiled in with the direct oneDNN products (GRAMT_HAVE_ONEDNN, see onednn_matmul.h); otherwise
// int8_matmul_available() is false and int8_linear computes the same quantised arithmetic in fp32.
#include <torch/types.h>

#include "core/model/int8_quantization.h"

namespace gramt::model {

// Whether int8 products go through oneDNN here (compiled in and not disabled with GRAMT_NO_ONEDNN=1).
bool int8_matmul_available();

// x float32 (M, K); weight quantised rows (N, K); bias float32 (N) or undefined. Returns float32 (M, N).
torch::Tensor int8_linear(const torch::Tensor& x, const QuantizedRows& weight, const torch::Tensor& bias);

}  // namespace gramt::model

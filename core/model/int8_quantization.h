#pragma once
// Symmetric int8 quantisation of a matrix's rows: row i becomes q_i = round(x_i · 127 / max|x_i|),
// in [-127, 127], with scale s_i = max|x_i| / 127 so that x_i ≈ s_i · q_i (an all-zero row gets
// scale 1). By rows because both uses quantise along the product's reduction dimension: a linear
// layer's weight (out, in) per output channel, and its input (tokens, in) per token.
#include <torch/types.h>

namespace gramt::model {

struct QuantizedRows {
  torch::Tensor values;  // int8 (M, K), contiguous
  torch::Tensor scales;  // float32 (M)
};

// x: float32 (M, K) on the CPU, any strides (copied dense when its rows are not).
QuantizedRows quantize_rows(const torch::Tensor& x);

// s_i · q_i as float32 (M, K): what the int8 product effectively multiplies.
torch::Tensor dequantize_rows(const QuantizedRows& q);

}  // namespace gramt::model

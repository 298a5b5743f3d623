#pragma once
// Dense float32 matrix products through oneDNN's matmul primitive, called directly on LibTorch's
// memory. Debian's LibTorch 1.13 sends fp32 products to OpenBLAS (≈70–190 GFLOP/s here, and
// batched products loop over the batch in single small GEMMs), and its only oneDNN entry point
// (mkldnn_linear) converts every input and output to and from oneDNN tensors. Describing
// LibTorch's strided memory to oneDNN directly gives ≈300 GFLOP/s on both cores for every product
// of a training step, transposes included (as strides, never copied).
//
// Compiled in when GRAMT_HAVE_ONEDNN is defined (libdnnl-dev found and LibTorch 1.x, whose
// oneDNN is the same system library); otherwise every function falls back to LibTorch's own.
#include <torch/types.h>

namespace gramt::model {

// Whether products go through oneDNN (compiled in and not disabled with GRAMT_NO_ONEDNN=1).
bool onednn_matmul_available();

// Switches the oneDNN products off (or back on) for the whole process, as GRAMT_NO_ONEDNN=1 does at
// start-up, so one run can compare both paths (the training-step parity check). Never turns on what
// the environment or the build turned off. Call it only while no other thread computes.
void set_onednn_matmul_enabled(bool enabled);

// a·b (+ bias on the last dimension) for float32 CPU tensors: a (M, K) and b (K, N), or batched
// a (B, M, K) and b (B, K, N). Any strides (transposed views are fine); the result is contiguous.
// Multiplies in bf16 (fp32 accumulation, fp32 result and bias) when a or b is bfloat16 or a
// Bf16MatmulScope is active on this thread (bf16_matmul_scope.h).
// Without gradients: use matmul_with_grad when autograd must see the product.
torch::Tensor onednn_matmul(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& bias = {});

// A bfloat16 copy of a float32 CPU tensor (round to nearest even), dense in the source's layout:
// oneDNN's vectorised conversion where available, LibTorch's otherwise.
torch::Tensor to_bf16(const torch::Tensor& t);

// The same product as an autograd node whose backward products also go through oneDNN (in bf16
// when the forward ran in bf16).
torch::Tensor matmul_with_grad(const torch::Tensor& a, const torch::Tensor& b);

}  // namespace gramt::model

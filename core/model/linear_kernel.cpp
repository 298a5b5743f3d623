#include "core/model/linear_kernel.h"

#include <torch/autograd.h>
#include <torch/nn/functional/linear.h>

#include "core/model/bf16_matmul_scope.h"
#include "core/model/int8_linear_scope.h"
#include "core/model/onednn_int8_matmul.h"
#include "core/model/onednn_matmul.h"

namespace gramt::model {
namespace {

// x (M, I), weight (O, I), bias (O): forward and backward each one oneDNN product per operand.
class LinearWithGrad : public torch::autograd::Function<LinearWithGrad> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                               const torch::Tensor& bias) {
    if (bf16_matmuls_enabled()) {
      // Saved as bf16: backward multiplies in bf16 too (weight gradients accumulate in fp32).
      const torch::Tensor x16 = to_bf16(x), w16 = bf16_weight(weight);
      ctx->save_for_backward({x16, w16});
      return onednn_matmul(x16, w16.t(), bias);
    }
    ctx->save_for_backward({x, weight});
    return onednn_matmul(x, weight.t(), bias);
  }
  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::tensor_list grads) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor& x = saved[0];
    const torch::Tensor& weight = saved[1];
    const torch::Tensor& gy = grads[0];
    const torch::Tensor gy_product = x.scalar_type() == torch::kBFloat16 ? to_bf16(gy) : gy;
    const torch::Tensor gx = ctx->needs_input_grad(0) ? onednn_matmul(gy_product, weight) : torch::Tensor();       // (M, O)·(O, I)
    const torch::Tensor gw = ctx->needs_input_grad(1) ? onednn_matmul(gy_product.t(), x) : torch::Tensor();        // (O, M)·(M, I)
    const torch::Tensor gb = ctx->needs_input_grad(2) ? gy.sum(0) : torch::Tensor();
    return {gx, gw, gb};
  }
};

bool wants_onednn(const torch::Tensor& x, const torch::Tensor& bias) {
  return onednn_matmul_available() && bias.defined() && x.device().is_cpu() && x.scalar_type() == torch::kFloat32 &&
         x.dim() >= 2;
}

}  // namespace

torch::Tensor linear_forward(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) {
  if (!wants_onednn(x, bias)) return torch::nn::functional::linear(x, weight, bias);
  auto out_shape = x.sizes().vec();
  out_shape.back() = weight.size(0);
  const torch::Tensor flat = x.reshape({-1, x.size(-1)});
  if (!torch::GradMode::is_enabled() && int8_linears_enabled())
    return int8_linear(flat, int8_weight(weight), bias).view(out_shape);
  if (!torch::GradMode::is_enabled())
    return onednn_matmul(flat, (bf16_matmuls_enabled() ? bf16_weight(weight) : weight).t(), bias).view(out_shape);
  return LinearWithGrad::apply(flat, weight, bias).view(out_shape);
}

}  // namespace gramt::model

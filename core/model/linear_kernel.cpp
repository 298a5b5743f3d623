#include "core/model/linear_kernel.h"

#include <ATen/Context.h>
#include <torch/autograd.h>
#include <torch/nn/functional/linear.h>

#include <cstdlib>

namespace gramt::model {

bool onednn_linear_available() {
  static const bool available = [] {
    const char* off = std::getenv("GRAMT_NO_ONEDNN");
    return at::hasMKLDNN() && !(off != nullptr && std::string(off) == "1");
  }();
  return available;
}

namespace {

// (M, K) · (N, K)ᵀ through oneDNN, dense in and out.
torch::Tensor onednn_mm_nt(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& bias) {
  return torch::mkldnn_linear(a.contiguous().to_mkldnn(), b.contiguous(), bias).to_dense();
}

// The same product with autograd: the backward's two products also go through oneDNN.
class OneDnnLinear : public torch::autograd::Function<OneDnnLinear> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                               const torch::Tensor& bias) {
    ctx->save_for_backward({x, weight});
    return onednn_mm_nt(x, weight, bias);
  }
  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::tensor_list grads) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor& x = saved[0];
    const torch::Tensor& weight = saved[1];
    const torch::Tensor gy = grads[0].contiguous();
    const torch::Tensor gx = onednn_mm_nt(gy, weight.t(), {});        // (M, O)·(O, I)
    const torch::Tensor gw = onednn_mm_nt(gy.t(), x.t(), {});          // (O, M)·(M, I)
    return {gx, gw, gy.sum(0)};
  }
};

bool wants_onednn(const torch::Tensor& x) {
  return onednn_linear_available() && x.device().is_cpu() && x.scalar_type() == torch::kFloat32 && x.dim() >= 2 &&
         x.size(-1) >= 64;
}

}  // namespace

torch::Tensor linear_forward(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) {
  if (!wants_onednn(x)) return torch::nn::functional::linear(x, weight, bias);
  auto out_shape = x.sizes().vec();
  out_shape.back() = weight.size(0);
  const torch::Tensor flat = x.reshape({-1, x.size(-1)});
  if (!torch::GradMode::is_enabled()) return onednn_mm_nt(flat, weight, bias).view(out_shape);
  return OneDnnLinear::apply(flat, weight, bias).view(out_shape);
}

}  // namespace gramt::model

#include "core/model/linear_kernel.h"

#include <ATen/Context.h>
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

torch::Tensor linear_forward(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) {
  const bool fast = onednn_linear_available() && !torch::GradMode::is_enabled() && x.device().is_cpu() &&
                    x.scalar_type() == torch::kFloat32 && x.dim() >= 2 && x.size(-1) >= 64;
  if (!fast) return torch::nn::functional::linear(x, weight, bias);
  auto out_shape = x.sizes().vec();
  out_shape.back() = weight.size(0);
  const torch::Tensor flat = x.reshape({-1, x.size(-1)}).contiguous().to_mkldnn();
  return torch::mkldnn_linear(flat, weight, bias).to_dense().view(out_shape);
}

}  // namespace gramt::model

#include "core/model/attention.h"

#include <torch/version.h>

#include <cmath>

#include "core/model/onednn_matmul.h"

namespace gramt::model {

torch::Tensor scaled_attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                               const torch::Tensor& bias) {
#if TORCH_VERSION_MAJOR >= 2
  return at::scaled_dot_product_attention(q, k, v, bias.defined() ? c10::optional<at::Tensor>(bias) : c10::nullopt);
#else
  const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
  const int64_t b = q.size(0), h = q.size(1), n = q.size(2), d = q.size(3), m = k.size(2);
  // (B, H, N, d) → (B·H, N, d): one batched product per step for all heads instead of LibTorch
  // 1.13's loop of small per-head GEMMs.
  const torch::Tensor qs = (q * scale).reshape({b * h, n, d});
  const torch::Tensor ks = k.contiguous().view({b * h, m, d});
  const torch::Tensor vs = v.contiguous().view({b * h, m, v.size(3)});
  torch::Tensor scores = matmul_with_grad(qs, ks.transpose(1, 2)).view({b, h, n, m});
  if (bias.defined()) scores = scores + bias;
  const torch::Tensor weights = torch::softmax(scores, -1).view({b * h, n, m});
  return matmul_with_grad(weights, vs).view({b, h, n, v.size(3)});
#endif
}

}  // namespace gramt::model

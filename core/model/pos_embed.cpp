#include "core/model/pos_embed.h"

namespace gramt::model {
namespace {

// (positions) → (positions, half_width): [sin(p·ω_k) | cos(p·ω_k)], ω_k = 10000^(−k/(half_width/2)).
torch::Tensor sincos_1d(int half_width, const torch::Tensor& positions) {
  const auto f64 = torch::TensorOptions().dtype(torch::kFloat64);
  torch::Tensor omega = torch::arange(half_width / 2, f64) / (half_width / 2.0);
  omega = 1.0 / torch::pow(10000.0, omega);
  const torch::Tensor angles = positions.to(torch::kFloat64).reshape({-1, 1}) * omega.reshape({1, -1});
  return torch::cat({torch::sin(angles), torch::cos(angles)}, 1);
}

}  // namespace

torch::Tensor sincos_pos_embed_2d(int width, int grid_f, int grid_t, bool with_cls) {
  const auto f64 = torch::TensorOptions().dtype(torch::kFloat64);
  // Token order is frequency-major: n = f·grid_t + t.
  const torch::Tensor t_index = torch::arange(grid_t, f64).repeat({grid_f});
  const torch::Tensor f_index = torch::arange(grid_f, f64).repeat_interleave(grid_t);
  torch::Tensor emb = torch::cat({sincos_1d(width / 2, t_index), sincos_1d(width / 2, f_index)}, 1);
  if (with_cls) emb = torch::cat({torch::zeros({1, width}, f64), emb}, 0);
  return emb.to(torch::kFloat32).unsqueeze(0).contiguous();
}

}  // namespace gramt::model

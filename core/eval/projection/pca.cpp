#include "core/eval/projection/pca.h"

#include <algorithm>

#include "core/common/error.h"

namespace gramt::eval::projection {

PcaProjection pca_project(const torch::Tensor& rows, int components) {
  if (rows.dim() != 2 || rows.size(0) < 2) throw Error("PCA needs at least 2 rows of embeddings");
  torch::NoGradGuard no_grad;
  const torch::Tensor x = rows.to(torch::kFloat64);
  if (!torch::isfinite(x).all().item<bool>()) throw Error("PCA: the embeddings hold NaN or infinite values");
  const torch::Tensor centred = x - x.mean(0, true);
  const int64_t n = centred.size(0), d = centred.size(1);
  const int64_t k = std::min<int64_t>(components, std::min(n, d));
  // eigh returns ascending eigenvalues; the last k are the principal ones.
  torch::Tensor points, values;
  if (d <= n) {
    auto [eigenvalues, vectors] = torch::linalg_eigh(torch::matmul(centred.t(), centred));
    values = eigenvalues.flip(0).slice(0, 0, k);
    points = torch::matmul(centred, vectors.flip(1).slice(1, 0, k));
  } else {
    // Through the N x N Gram matrix: its eigenvectors u give the coordinates sqrt(λ)·u directly.
    auto [eigenvalues, vectors] = torch::linalg_eigh(torch::matmul(centred, centred.t()));
    values = eigenvalues.flip(0).slice(0, 0, k);
    points = vectors.flip(1).slice(1, 0, k) * values.clamp_min(0).sqrt();
  }
  for (int64_t c = 0; c < k; ++c) {
    const torch::Tensor column = points.select(1, c);
    if (column.index({column.abs().argmax()}).item<double>() < 0) points.select(1, c).neg_();
  }
  if (k < components) points = torch::cat({points, torch::zeros({n, components - k}, points.options())}, 1);
  PcaProjection out;
  out.points = points.contiguous();
  const double total = centred.pow(2).sum().item<double>();
  for (int64_t c = 0; c < components; ++c)
    out.explained.push_back(c < k && total > 0 ? std::max(0.0, values[c].item<double>()) / total : 0.0);
  return out;
}

}  // namespace gramt::eval::projection

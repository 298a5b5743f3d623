#pragma once
// Principal component analysis of embedding rows, exact: the eigenvectors of the smaller of the
// two Gram matrices of the centred rows (D x D covariance or N x N), in double precision.
#include <torch/types.h>

namespace gramt::eval::projection {

struct PcaProjection {
  torch::Tensor points;  // (N, components) float64: the rows' coordinates on the components
  std::vector<double> explained;  // share of the total variance per component, in [0, 1]
};

// Each component's sign is fixed so that its largest coordinate (by magnitude) over the rows is
// positive: the same rows always give the same picture. Throws gramt::Error for fewer than 2 rows
// or non-finite values.
PcaProjection pca_project(const torch::Tensor& rows, int components = 2);

}  // namespace gramt::eval::projection

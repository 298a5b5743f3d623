#pragma once
// t-SNE (van der Maaten & Hinton 2008) with the Barnes-Hut approximation of the repulsive forces
// (van der Maaten 2014), for the Embeddings panel's neighbour-preserving map. Written here because
// Debian packages no maintained t-SNE or UMAP library for C++ (the Python ones are out of reach of
// the core, and the C++ sources around are unpackaged single-author copies): exact input
// affinities over each point's 3·perplexity nearest neighbours, a quadtree for the repulsion
// (theta = 0 makes it exact, which the tests use), early exaggeration, momentum and gains as the
// original.
#include <cstdint>
#include <functional>
#include <vector>

#include <torch/types.h>

#include "core/common/progress.h"

namespace gramt::eval::projection {

struct TsneOptions {
  double perplexity = 30.0;  // lowered to (N - 1) / 3 for small sets
  int iterations = 750;
  double theta = 0.5;        // Barnes-Hut accuracy: 0 = exact repulsion (O(N²))
  double learning_rate = 0;  // 0 = automatic: max(N / early_exaggeration, 50)
  double early_exaggeration = 12.0;
  int exaggeration_iterations = 250;
  uint64_t seed = 1;  // the start: the PCA map plus a seeded jitter, scaled to 1e-4
};

// Sparse symmetric affinities P (summing to 1) of (N, D) rows: for each point a Gaussian over its
// k nearest neighbours whose entropy matches log(perplexity), then (P + Pᵀ) / 2N.
struct SparseAffinities {
  std::vector<int64_t> row_start;  // N + 1 offsets into columns / values
  std::vector<int64_t> columns;
  std::vector<double> values;
};
// Also returns, when asked, each point's conditional distribution's perplexity (for the tests).
SparseAffinities tsne_affinities(const torch::Tensor& rows, double perplexity, std::vector<double>* perplexities = nullptr);

// The gradient of the KL divergence at the 2-D points `y` (N x 2, row-major) for P, with the
// Barnes-Hut repulsion at `theta`. For the tests and the optimiser.
std::vector<double> tsne_gradient(const SparseAffinities& p, const std::vector<double>& y, double theta);

// The 2-D map (N, 2) float64 of (N, D) rows. Reports progress per iteration and stops at
// progress.checkpoint() (Cancelled). Needs at least 4 rows of finite values.
torch::Tensor tsne_2d(const torch::Tensor& rows, const TsneOptions& options, const ProgressSink& progress = {});

}  // namespace gramt::eval::projection

#include "core/eval/projection/tsne.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <tuple>

#include "core/common/error.h"
#include "core/eval/projection/pca.h"

namespace gramt::eval::projection {

namespace {

// A quadtree over the 2-D points, built by partitioning their indices: node n covers
// order[begin, end) and stands for them, in the repulsion, by their centre of mass.
class QuadTree {
 public:
  explicit QuadTree(const std::vector<double>& y) : y_(y) {
    const auto n = static_cast<int64_t>(y.size() / 2);
    order_.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) order_[static_cast<size_t>(i)] = i;
    double lo_x = std::numeric_limits<double>::max(), lo_y = lo_x, hi_x = -lo_x, hi_y = -lo_x;
    for (int64_t i = 0; i < n; ++i) {
      lo_x = std::min(lo_x, x(i)), hi_x = std::max(hi_x, x(i));
      lo_y = std::min(lo_y, yy(i)), hi_y = std::max(hi_y, yy(i));
    }
    const double half = std::max(hi_x - lo_x, hi_y - lo_y) / 2 + 1e-9;
    build(0, n, (lo_x + hi_x) / 2, (lo_y + hi_y) / 2, half, 0);
  }

  // Adds the repulsion on point i to force (unnormalised) and its share of Z to z.
  void repel(int64_t i, double theta, double& fx, double& fy, double& z) const { repel(0, i, theta, fx, fy, z); }

 private:
  struct Node {
    int64_t begin = 0, end = 0;
    double half = 0, mass_x = 0, mass_y = 0;
    int64_t children[4] = {-1, -1, -1, -1};
    bool leaf = true;
  };

  double x(int64_t i) const { return y_[static_cast<size_t>(2 * i)]; }
  double yy(int64_t i) const { return y_[static_cast<size_t>(2 * i + 1)]; }

  int64_t build(int64_t begin, int64_t end, double cx, double cy, double half, int depth) {
    const auto index = static_cast<int64_t>(nodes_.size());
    nodes_.emplace_back();
    Node node;
    node.begin = begin;
    node.end = end;
    node.half = half;
    for (int64_t k = begin; k < end; ++k) {
      node.mass_x += x(order_[static_cast<size_t>(k)]);
      node.mass_y += yy(order_[static_cast<size_t>(k)]);
    }
    node.mass_x /= static_cast<double>(end - begin);
    node.mass_y /= static_cast<double>(end - begin);
    // Small cells are summed point by point; a depth limit stops at coinciding points.
    node.leaf = end - begin <= 8 || depth > 40;
    if (!node.leaf) {
      const auto first = order_.begin() + begin, last = order_.begin() + end;
      const auto mid_x = std::partition(first, last, [&](int64_t p) { return x(p) < cx; });
      const auto mid_low = std::partition(first, mid_x, [&](int64_t p) { return yy(p) < cy; });
      const auto mid_high = std::partition(mid_x, last, [&](int64_t p) { return yy(p) < cy; });
      const int64_t cuts[5] = {begin, mid_low - order_.begin(), mid_x - order_.begin(), mid_high - order_.begin(), end};
      const double q = half / 2;
      const double centres[4][2] = {{cx - q, cy - q}, {cx - q, cy + q}, {cx + q, cy - q}, {cx + q, cy + q}};
      for (int c = 0; c < 4; ++c)
        if (cuts[c + 1] > cuts[c]) node.children[c] = build(cuts[c], cuts[c + 1], centres[c][0], centres[c][1], q, depth + 1);
    }
    nodes_[static_cast<size_t>(index)] = node;
    return index;
  }

  void repel(int64_t n, int64_t i, double theta, double& fx, double& fy, double& z) const {
    const Node& node = nodes_[static_cast<size_t>(n)];
    const double dx = x(i) - node.mass_x, dy = yy(i) - node.mass_y, d2 = dx * dx + dy * dy;
    // The cell is far enough (its width over the distance below theta) to count as one point.
    if (!node.leaf && theta > 0 && d2 > 0 && 4 * node.half * node.half < theta * theta * d2) {
      const double count = static_cast<double>(node.end - node.begin), q = 1.0 / (1.0 + d2);
      z += count * q;
      fx += count * q * q * dx;
      fy += count * q * q * dy;
      return;
    }
    if (node.leaf) {
      for (int64_t k = node.begin; k < node.end; ++k) {
        const int64_t j = order_[static_cast<size_t>(k)];
        if (j == i) continue;
        const double ex = x(i) - x(j), ey = yy(i) - yy(j), q = 1.0 / (1.0 + ex * ex + ey * ey);
        z += q;
        fx += q * q * ex;
        fy += q * q * ey;
      }
      return;
    }
    for (int64_t child : node.children)
      if (child >= 0) repel(child, i, theta, fx, fy, z);
  }

  const std::vector<double>& y_;
  std::vector<int64_t> order_;
  std::vector<Node> nodes_;
};

// dC/dy with the attraction multiplied by `exaggeration`.
std::vector<double> gradient(const SparseAffinities& p, const std::vector<double>& y, double theta, double exaggeration) {
  const auto n = static_cast<int64_t>(y.size() / 2);
  const QuadTree tree(y);
  std::vector<double> repulsion(y.size()), z_parts(static_cast<size_t>(n));
  at::parallel_for(0, n, 64, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      double fx = 0, fy = 0, z = 0;
      tree.repel(i, theta, fx, fy, z);
      repulsion[static_cast<size_t>(2 * i)] = fx;
      repulsion[static_cast<size_t>(2 * i + 1)] = fy;
      z_parts[static_cast<size_t>(i)] = z;
    }
  });
  double z = 0;
  for (double part : z_parts) z += part;
  std::vector<double> grad(y.size());
  at::parallel_for(0, n, 64, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      double ax = 0, ay = 0;
      const double xi = y[static_cast<size_t>(2 * i)], yi = y[static_cast<size_t>(2 * i + 1)];
      for (int64_t k = p.row_start[static_cast<size_t>(i)]; k < p.row_start[static_cast<size_t>(i + 1)]; ++k) {
        const int64_t j = p.columns[static_cast<size_t>(k)];
        const double dx = xi - y[static_cast<size_t>(2 * j)], dy = yi - y[static_cast<size_t>(2 * j + 1)];
        const double w = p.values[static_cast<size_t>(k)] / (1.0 + dx * dx + dy * dy);
        ax += w * dx;
        ay += w * dy;
      }
      grad[static_cast<size_t>(2 * i)] = 4.0 * (exaggeration * ax - repulsion[static_cast<size_t>(2 * i)] / z);
      grad[static_cast<size_t>(2 * i + 1)] = 4.0 * (exaggeration * ay - repulsion[static_cast<size_t>(2 * i + 1)] / z);
    }
  });
  return grad;
}

double effective_perplexity(int64_t n, double perplexity) { return std::max(1.0, std::min(perplexity, (n - 1) / 3.0)); }

}  // namespace

SparseAffinities tsne_affinities(const torch::Tensor& rows, double perplexity, std::vector<double>* perplexities) {
  torch::NoGradGuard no_grad;
  const torch::Tensor x = rows.to(torch::kFloat64).contiguous();
  const int64_t n = x.size(0);
  if (n < 4) throw Error("t-SNE needs at least 4 clips (there are " + std::to_string(n) + ")");
  perplexity = effective_perplexity(n, perplexity);
  const int64_t k = std::min<int64_t>(n - 1, static_cast<int64_t>(std::ceil(3 * perplexity)));
  // Each point's k nearest neighbours by squared distance, in chunks of rows.
  const torch::Tensor norms = x.pow(2).sum(1);
  std::vector<int64_t> neighbours(static_cast<size_t>(n * k));
  std::vector<double> distances(static_cast<size_t>(n * k));
  const int64_t step = std::max<int64_t>(1, (int64_t{1} << 23) / n);
  for (int64_t begin = 0; begin < n; begin += step) {
    const int64_t end = std::min(n, begin + step);
    torch::Tensor d = norms.slice(0, begin, end).unsqueeze(1) + norms.unsqueeze(0) - 2 * torch::matmul(x.slice(0, begin, end), x.t());
    d.clamp_min_(0);
    for (int64_t r = begin; r < end; ++r) d[r - begin][r] = std::numeric_limits<double>::infinity();
    const auto [values, indices] = torch::topk(d, k, 1, /*largest=*/false, /*sorted=*/true);
    const torch::Tensor v = values.contiguous(), ix = indices.contiguous();
    std::copy(v.data_ptr<double>(), v.data_ptr<double>() + v.numel(), distances.begin() + begin * k);
    std::copy(ix.data_ptr<int64_t>(), ix.data_ptr<int64_t>() + ix.numel(), neighbours.begin() + begin * k);
  }
  // Per point, the Gaussian precision whose entropy is log(perplexity), by bisection.
  const double target = std::log(perplexity);
  std::vector<double> conditional(static_cast<size_t>(n * k));
  if (perplexities) perplexities->assign(static_cast<size_t>(n), 0.0);
  at::parallel_for(0, n, 16, [&](int64_t begin, int64_t end) {
    std::vector<double> w(static_cast<size_t>(k));
    for (int64_t i = begin; i < end; ++i) {
      const double* d = distances.data() + i * k;
      double beta = 1.0, lo = 0.0, hi = std::numeric_limits<double>::infinity(), entropy = 0.0, sum = 0.0;
      for (int step = 0; step < 200; ++step) {
        sum = 0.0;
        double weighted = 0.0;
        for (int64_t j = 0; j < k; ++j) {
          w[static_cast<size_t>(j)] = std::exp(-beta * (d[j] - d[0]));  // shifted by the nearest: the same P, no underflow
          sum += w[static_cast<size_t>(j)];
          weighted += (d[j] - d[0]) * w[static_cast<size_t>(j)];
        }
        entropy = std::log(sum) + beta * weighted / sum;
        if (std::abs(entropy - target) < 1e-6) break;
        if (entropy > target) {
          lo = beta;
          beta = std::isinf(hi) ? beta * 2 : (beta + hi) / 2;
        } else {
          hi = beta;
          beta = (beta + lo) / 2;
        }
      }
      for (int64_t j = 0; j < k; ++j) conditional[static_cast<size_t>(i * k + j)] = w[static_cast<size_t>(j)] / sum;
      if (perplexities) (*perplexities)[static_cast<size_t>(i)] = std::exp(entropy);
    }
  });
  // Symmetric: p_ij = (p_j|i + p_i|j) / 2N over the union of both neighbour lists.
  std::vector<std::tuple<int64_t, int64_t, double>> entries;
  entries.reserve(static_cast<size_t>(2 * n * k));
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < k; ++j) {
      const int64_t other = neighbours[static_cast<size_t>(i * k + j)];
      const double v = conditional[static_cast<size_t>(i * k + j)] / (2.0 * static_cast<double>(n));
      entries.emplace_back(i, other, v);
      entries.emplace_back(other, i, v);
    }
  std::sort(entries.begin(), entries.end());
  SparseAffinities p;
  p.row_start.assign(static_cast<size_t>(n + 1), 0);
  for (size_t e = 0; e < entries.size(); ++e) {
    const auto [i, j, v] = entries[e];
    if (!p.columns.empty() && e > 0 && std::get<0>(entries[e - 1]) == i && std::get<1>(entries[e - 1]) == j) {
      p.values.back() += v;
      continue;
    }
    p.columns.push_back(j);
    p.values.push_back(v);
    ++p.row_start[static_cast<size_t>(i + 1)];
  }
  for (int64_t i = 0; i < n; ++i) p.row_start[static_cast<size_t>(i + 1)] += p.row_start[static_cast<size_t>(i)];
  return p;
}

std::vector<double> tsne_gradient(const SparseAffinities& p, const std::vector<double>& y, double theta) {
  return gradient(p, y, theta, 1.0);
}

torch::Tensor tsne_2d(const torch::Tensor& rows, const TsneOptions& options, const ProgressSink& progress) {
  if (rows.dim() != 2) throw Error("t-SNE needs a matrix of embeddings");
  if (!torch::isfinite(rows).all().item<bool>()) throw Error("t-SNE: the embeddings hold NaN or infinite values");
  const int64_t n = rows.size(0);
  progress.report(0.0, "t-SNE: nearest neighbours");
  const SparseAffinities p = tsne_affinities(rows, options.perplexity);
  progress.checkpoint();

  // The start: the PCA map (global layout kept, as Kobak & Berens advise) scaled to a std of 1e-4.
  const torch::Tensor start = pca_project(rows, 2).points;
  const double scale = std::max(1e-12, start.select(1, 0).std().item<double>());
  std::vector<double> y(static_cast<size_t>(2 * n));
  std::mt19937_64 rng(options.seed);
  std::normal_distribution<double> jitter(0.0, 1e-6);  // separates coinciding points
  for (int64_t i = 0; i < n; ++i)
    for (int c = 0; c < 2; ++c) y[static_cast<size_t>(2 * i + c)] = 1e-4 * start[i][c].item<double>() / scale + 1e-4 * jitter(rng);

  const double rate = options.learning_rate > 0 ? options.learning_rate
                                                : std::max(static_cast<double>(n) / options.early_exaggeration, 50.0);
  std::vector<double> update(y.size(), 0.0), gains(y.size(), 1.0);
  for (int it = 0; it < options.iterations; ++it) {
    progress.checkpoint();
    const bool early = it < options.exaggeration_iterations;
    const std::vector<double> grad = gradient(p, y, options.theta, early ? options.early_exaggeration : 1.0);
    const double momentum = early ? 0.5 : 0.8;
    double mean[2] = {0, 0};
    for (size_t k = 0; k < y.size(); ++k) {
      // Delta-bar-delta gains: grow where the step keeps its direction, shrink where it turns.
      gains[k] = (grad[k] > 0) != (update[k] > 0) ? gains[k] + 0.2 : std::max(0.01, gains[k] * 0.8);
      update[k] = momentum * update[k] - rate * gains[k] * grad[k];
      y[k] += update[k];
      mean[k % 2] += y[k];
    }
    for (size_t k = 0; k < y.size(); ++k) y[k] -= mean[k % 2] / static_cast<double>(n);
    progress.report(static_cast<double>(it + 1) / options.iterations,
                    "t-SNE iteration " + std::to_string(it + 1) + "/" + std::to_string(options.iterations));
  }
  return torch::from_blob(y.data(), {n, 2}, torch::kFloat64).clone();
}

}  // namespace gramt::eval::projection

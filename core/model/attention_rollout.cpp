#include "core/model/attention_rollout.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "core/common/error.h"

namespace gramt::model {
namespace {

std::vector<double> fuse_heads(const AttentionMaps& m, int64_t layer, HeadFusion fusion) {
  const size_t n2 = static_cast<size_t>(m.tokens * m.tokens);
  std::vector<double> w(n2, 0.0);
  for (int64_t h = 0; h < m.heads; ++h) {
    const float* head = m.row(layer, h, 0);
    for (size_t i = 0; i < n2; ++i) {
      const double v = head[i];
      switch (fusion) {
        case HeadFusion::mean: w[i] += v / static_cast<double>(m.heads); break;
        case HeadFusion::max: w[i] = h == 0 ? v : std::max(w[i], v); break;
        case HeadFusion::min: w[i] = h == 0 ? v : std::min(w[i], v); break;
      }
    }
  }
  return w;
}

// Zeroes the `ratio` share of smallest entries, never entry 0 (CLS→CLS) when there is a CLS token.
void discard_lowest(std::vector<double>& w, double ratio, bool keep_first) {
  std::vector<size_t> order(w.size());
  std::iota(order.begin(), order.end(), size_t{0});
  if (keep_first) order.erase(order.begin());
  const size_t drop = static_cast<size_t>(ratio * static_cast<double>(w.size()));
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return w[a] < w[b]; });
  for (size_t i = 0; i < std::min(drop, order.size()); ++i) w[order[i]] = 0.0;
}

}  // namespace

std::vector<float> attention_rollout(const AttentionMaps& m, HeadFusion fusion, double discard_ratio) {
  validate_attention_maps(m);
  if (!(discard_ratio >= 0.0 && discard_ratio < 1.0))
    throw Error("attention rollout: discard_ratio must be in [0, 1), got " + std::to_string(discard_ratio));
  const int64_t n = m.tokens;
  const size_t un = static_cast<size_t>(n);
  std::vector<double> rollout, next(un * un);
  for (int64_t l = 0; l < m.layers; ++l) {
    std::vector<double> a = fuse_heads(m, l, fusion);
    if (discard_ratio > 0) discard_lowest(a, discard_ratio, m.has_cls);
    // The residual stream carries each token's own value past the attention: half identity.
    for (size_t q = 0; q < un; ++q) {
      double sum = 0;
      for (size_t k = 0; k < un; ++k) {
        a[q * un + k] = 0.5 * a[q * un + k] + (q == k ? 0.5 : 0.0);
        sum += a[q * un + k];
      }
      for (size_t k = 0; k < un; ++k) a[q * un + k] /= sum;  // sum >= 0.5: the diagonal
    }
    if (l == 0) {
      rollout = std::move(a);
      continue;
    }
    std::fill(next.begin(), next.end(), 0.0);
    for (size_t q = 0; q < un; ++q)
      for (size_t j = 0; j < un; ++j) {
        const double aqj = a[q * un + j];
        if (aqj == 0.0) continue;
        const double* rj = rollout.data() + j * un;
        double* out = next.data() + q * un;
        for (size_t k = 0; k < un; ++k) out[k] += aqj * rj[k];
      }
    rollout.swap(next);
  }
  return std::vector<float>(rollout.begin(), rollout.end());
}

std::vector<float> rollout_map(const std::vector<float>& rollout, int64_t tokens, bool from_cls) {
  if (tokens < 2 || rollout.size() != static_cast<size_t>(tokens * tokens))
    throw Error("rollout map: expected a tokens × tokens rollout (tokens = " + std::to_string(tokens) +
                ", CLS first), got " + std::to_string(rollout.size()) + " values");
  const size_t n = static_cast<size_t>(tokens);
  std::vector<float> map(n - 1, 0.0f);
  if (from_cls) {
    std::copy(rollout.begin() + 1, rollout.begin() + static_cast<std::ptrdiff_t>(n), map.begin());
    return map;
  }
  std::vector<double> sum(n - 1, 0.0);
  for (size_t q = 1; q < n; ++q)
    for (size_t k = 1; k < n; ++k) sum[k - 1] += rollout[q * n + k];
  for (size_t k = 0; k + 1 < n; ++k) map[k] = static_cast<float>(sum[k] / static_cast<double>(n - 1));
  return map;
}

}  // namespace gramt::model

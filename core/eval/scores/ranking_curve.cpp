#include "core/eval/scores/ranking_curve.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gramt::eval::scores {

ThresholdCounts threshold_counts(const double* scores, const double* truths, int64_t count, int64_t stride) {
  std::vector<int64_t> order(static_cast<size_t>(count));
  std::iota(order.begin(), order.end(), int64_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return scores[a * stride] > scores[b * stride]; });
  ThresholdCounts counts;
  double tp = 0.0;
  for (int64_t k = 0; k < count; ++k) {
    const int64_t i = order[static_cast<size_t>(k)];
    tp += truths[i * stride];
    const bool last_of_group = k + 1 == count || scores[order[static_cast<size_t>(k + 1)] * stride] != scores[i * stride];
    if (last_of_group) {
      counts.true_positives.push_back(tp);
      counts.false_positives.push_back(static_cast<double>(k + 1) - tp);
    }
  }
  return counts;
}

double average_precision(const ThresholdCounts& counts) {
  const double positives = counts.positives();
  double area = 0.0;
  double previous_recall = 0.0;
  for (size_t k = 0; k < counts.true_positives.size(); ++k) {
    const double tp = counts.true_positives[k];
    const double predicted = tp + counts.false_positives[k];
    const double precision = predicted != 0.0 ? tp / predicted : 0.0;
    const double recall = positives != 0.0 ? tp / positives : 1.0;
    area += (recall - previous_recall) * precision;
    previous_recall = recall;
  }
  return area;
}

double roc_auc(const ThresholdCounts& counts) {
  const double positives = counts.positives();
  const double negatives = counts.negatives();
  if (positives == 0.0 || negatives == 0.0) return std::nan("");
  // scikit-learn drops collinear interior points before integrating; doing the same keeps the
  // floating-point sum identical in spirit (the area itself does not change).
  const auto& tps = counts.true_positives;
  const auto& fps = counts.false_positives;
  std::vector<size_t> kept;
  for (size_t k = 0; k < tps.size(); ++k) {
    const bool end = k == 0 || k + 1 == tps.size();
    if (end || tps[k + 1] - 2 * tps[k] + tps[k - 1] != 0.0 || fps[k + 1] - 2 * fps[k] + fps[k - 1] != 0.0)
      kept.push_back(k);
  }
  double area = 0.0;
  double x0 = 0.0, y0 = 0.0;  // the curve starts at (0, 0)
  for (size_t k : kept) {
    const double x1 = fps[k] / negatives;
    const double y1 = tps[k] / positives;
    area += (x1 - x0) * (y1 + y0) / 2.0;
    x0 = x1;
    y0 = y1;
  }
  return area;
}

}  // namespace gramt::eval::scores

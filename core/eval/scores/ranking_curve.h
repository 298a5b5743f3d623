#pragma once
// The precision-recall and ROC statistics of one class, as scikit-learn computes them: samples
// sorted by score (descending) and tied scores grouped into one threshold, so the curves have one
// point per distinct score.
#include <cstdint>
#include <vector>

namespace gramt::eval::scores {

// Cumulative true/false positive counts at each distinct score, highest score first.
struct ThresholdCounts {
  std::vector<double> true_positives;
  std::vector<double> false_positives;
  double positives() const { return true_positives.empty() ? 0.0 : true_positives.back(); }
  double negatives() const { return false_positives.empty() ? 0.0 : false_positives.back(); }
};

// scores[i] with truths[i] in {0, 1}, read with a stride so a matrix column can be passed directly.
ThresholdCounts threshold_counts(const double* scores, const double* truths, int64_t count, int64_t stride);

// Uninterpolated average precision: sum over thresholds of (R_k - R_k-1) * P_k. A class without
// positives gives 0 (scikit-learn >= 1.1 sets recall to 1, and the precision at the top threshold
// is 0; scikit-learn 0.24 gave NaN).
double average_precision(const ThresholdCounts& counts);

// Trapezoidal area under the ROC curve (ties counted one half). Requires positives and negatives;
// returns NaN otherwise (scikit-learn raises, which the kits turn into NaN).
double roc_auc(const ThresholdCounts& counts);

}  // namespace gramt::eval::scores

#include "core/eval/scores/ranking_scores.h"

#include <cmath>
#include <string>

#include "core/eval/scores/normal_quantile.h"
#include "core/eval/scores/ranking_curve.h"
#include "core/eval/scores/scene_input_checks.h"

namespace gramt::eval::scores {
namespace {

ThresholdCounts column_counts(const Matrix& predictions, const Matrix& targets, int64_t column) {
  return threshold_counts(predictions.values.data() + column, targets.values.data() + column, predictions.rows,
                          predictions.cols);
}

void check_ranking_inputs(const Matrix& predictions, const Matrix& targets, const std::string& score) {
  check_matrix_pair(predictions, targets, score);
  check_indicator_targets(targets, score);
}

double mean(const std::vector<double>& values) {
  double sum = 0.0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

std::vector<double> roc_auc_columns(const Matrix& predictions, const Matrix& targets) {
  std::vector<double> auc;
  auc.reserve(static_cast<size_t>(predictions.cols));
  for (int64_t c = 0; c < predictions.cols; ++c) auc.push_back(roc_auc(column_counts(predictions, targets, c)));
  return auc;
}

bool any_nan(const std::vector<double>& values) {
  for (double v : values)
    if (std::isnan(v)) return true;
  return false;
}

}  // namespace

std::vector<double> per_class_average_precision(const Matrix& predictions, const Matrix& targets) {
  check_ranking_inputs(predictions, targets, "mAP");
  std::vector<double> ap;
  ap.reserve(static_cast<size_t>(predictions.cols));
  for (int64_t c = 0; c < predictions.cols; ++c)
    ap.push_back(average_precision(column_counts(predictions, targets, c)));
  return ap;
}

std::vector<double> per_class_roc_auc(const Matrix& predictions, const Matrix& targets) {
  check_ranking_inputs(predictions, targets, "aucroc");
  return roc_auc_columns(predictions, targets);
}

double mean_average_precision(const Matrix& predictions, const Matrix& targets) {
  return mean(per_class_average_precision(predictions, targets));
}

double macro_roc_auc(const Matrix& predictions, const Matrix& targets) {
  const auto auc = per_class_roc_auc(predictions, targets);
  return any_nan(auc) ? std::nan("") : mean(auc);
}

double d_prime(const Matrix& predictions, const Matrix& targets) {
  check_ranking_inputs(predictions, targets, "d_prime");
  const auto auc = roc_auc_columns(predictions, targets);
  if (any_nan(auc)) return std::nan("");
  std::vector<double> d;
  d.reserve(auc.size());
  for (double a : auc) d.push_back(normal_quantile(a) * std::sqrt(2.0));
  return mean(d);
}

}  // namespace gramt::eval::scores

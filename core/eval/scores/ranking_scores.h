#pragma once
// The scikit-learn based scene scores of both kits (spec/eval.md §4.3), macro-averaged over classes:
//   mAP      mean over classes of the average precision (a class without positives counts as 0);
//   aucroc   mean over classes of the ROC AUC; NaN as soon as one class has only positives or only
//            negatives (scikit-learn raises and the kits catch it);
//   d_prime  mean over classes of sqrt(2) * Phi^-1(AUC_c); NaN like aucroc, +inf/-inf for AUC 1/0.
// Targets must be 0/1; predictions finite (anything else is a gramt::Error).
#include <vector>

#include "core/eval/scores/score_inputs.h"

namespace gramt::eval::scores {

std::vector<double> per_class_average_precision(const Matrix& predictions, const Matrix& targets);
// NaN for a class with only positives or only negatives.
std::vector<double> per_class_roc_auc(const Matrix& predictions, const Matrix& targets);

double mean_average_precision(const Matrix& predictions, const Matrix& targets);
double macro_roc_auc(const Matrix& predictions, const Matrix& targets);
double d_prime(const Matrix& predictions, const Matrix& targets);

}  // namespace gramt::eval::scores

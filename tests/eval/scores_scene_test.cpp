// Hand-computed scene scores: accuracies, tie-grouped average precision, ROC AUC, d', and the
// kits' NaN rules.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/common/error.h"
#include "core/eval/scores/accuracy.h"
#include "core/eval/scores/normal_quantile.h"
#include "core/eval/scores/ranking_scores.h"
#include "core/eval/scores/score_registry.h"
#include "scores_test_support.h"

using namespace gramt::eval::scores;
using gramt::eval::scores::testing::matrix;

TEST(SceneScores, Top1TakesTheFirstMaximumAndClassZeroForEmptyTargets) {
  const Matrix p = matrix({{0.1, 0.7, 0.2}, {0.5, 0.5, 0.0}, {0.2, 0.3, 0.5}, {0.3, 0.3, 0.3}});
  const Matrix t = matrix({{0, 1, 0}, {0, 1, 0}, {1, 0, 0}, {0, 0, 0}});
  // Row 1 ties at 0 and 1 -> 0 (wrong); row 3 has no positive -> argmax 0 on both sides (right).
  EXPECT_DOUBLE_EQ(top1_accuracy(p, t), 0.5);
  SceneScoreInputs in{p, t, {}};
  EXPECT_DOUBLE_EQ(compute_score("pitch_acc", in).at("pitch_acc"), 0.5);
}

TEST(SceneScores, ChromaForgivesOctaveErrorsOnVocabularyIndices) {
  Matrix p, t;
  p.rows = t.rows = 3;
  p.cols = t.cols = 24;
  p.values.assign(72, 0.0);
  t.values.assign(72, 0.0);
  const int predicted[3] = {13, 5, 3}, target[3] = {1, 17, 4};
  for (int r = 0; r < 3; ++r) {
    p.values[static_cast<size_t>(r * 24 + predicted[r])] = 1.0;
    t.values[static_cast<size_t>(r * 24 + target[r])] = 1.0;
  }
  EXPECT_DOUBLE_EQ(chroma_accuracy(p, t), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(top1_accuracy(p, t), 0.0);
}

TEST(SceneScores, TiedScoresFormOneThreshold) {
  // Column 0: three samples tie at 0.8 (two positives, one negative). Grouped: P = 2/3 at R = 1,
  // so AP = 2/3 (positives first would give 1, the negative first 7/12). AUC: two ties count 1/2
  // each and two wins 1 -> 3/4.
  const Matrix p = matrix({{0.8, 0.1}, {0.8, 0.2}, {0.8, 0.3}, {0.3, 0.4}});
  const Matrix t = matrix({{1, 0}, {0, 0}, {1, 0}, {0, 1}});
  const auto ap = per_class_average_precision(p, t);
  const auto auc = per_class_roc_auc(p, t);
  EXPECT_NEAR(ap[0], 2.0 / 3.0, 1e-15);
  EXPECT_NEAR(ap[1], 1.0, 1e-15);
  EXPECT_NEAR(auc[0], 0.75, 1e-15);
  EXPECT_NEAR(auc[1], 1.0, 1e-15);
  EXPECT_NEAR(mean_average_precision(p, t), (2.0 / 3.0 + 1.0) / 2.0, 1e-15);
  EXPECT_NEAR(macro_roc_auc(p, t), 0.875, 1e-15);
}

TEST(SceneScores, DPrimeIsRootTwoTimesTheNormalQuantileOfTheAuc) {
  const Matrix p = matrix({{0.8}, {0.8}, {0.8}, {0.3}});
  const Matrix t = matrix({{1}, {0}, {1}, {0}});  // AUC 3/4
  EXPECT_NEAR(d_prime(p, t), 0.9538725524089398, 1e-13);
  // Perfect separation: AUC 1 -> +inf.
  EXPECT_EQ(d_prime(matrix({{0.9}, {0.1}}), matrix({{1}, {0}})), std::numeric_limits<double>::infinity());
}

TEST(SceneScores, ClassWithoutPositivesGivesApZeroAndNanAuc) {
  const Matrix p = matrix({{0.9, 0.6}, {0.2, 0.4}, {0.7, 0.1}});
  const Matrix t = matrix({{1, 0}, {0, 0}, {1, 0}});
  const auto ap = per_class_average_precision(p, t);
  EXPECT_EQ(ap[1], 0.0);
  EXPECT_EQ(ap[0], 1.0);
  EXPECT_DOUBLE_EQ(mean_average_precision(p, t), 0.5);
  EXPECT_TRUE(std::isnan(per_class_roc_auc(p, t)[1]));
  EXPECT_TRUE(std::isnan(macro_roc_auc(p, t)));
  EXPECT_TRUE(std::isnan(d_prime(p, t)));
  // Only positives is just as undefined.
  EXPECT_TRUE(std::isnan(macro_roc_auc(matrix({{0.3}, {0.4}}), matrix({{1}, {1}}))));
}

TEST(SceneScores, BadMatricesAreErrors) {
  const Matrix p = matrix({{0.1, 0.9}});
  EXPECT_THROW(top1_accuracy(p, matrix({{0, 1, 0}})), gramt::Error);
  EXPECT_THROW(mean_average_precision(p, matrix({{0, 0.5}})), gramt::Error);
  EXPECT_THROW(macro_roc_auc(matrix({{0.1, NAN}}), matrix({{0, 1}})), gramt::Error);
  EXPECT_THROW(top1_accuracy(Matrix{}, Matrix{}), gramt::Error);
  Matrix short_values = p;
  short_values.values.pop_back();
  EXPECT_THROW(d_prime(short_values, matrix({{0, 1}})), gramt::Error);
  SceneScoreInputs wrong_vocabulary{p, matrix({{0, 1}}), {"a", "b", "c"}};
  EXPECT_THROW(compute_score("top1_acc", wrong_vocabulary), gramt::Error);
}

TEST(NormalQuantile, MatchesReferenceValuesToMachinePrecision) {
  EXPECT_NEAR(normal_quantile(0.975), 1.9599639845400536, 4e-16 * 2);
  EXPECT_EQ(normal_quantile(0.5), 0.0);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-14);
  EXPECT_NEAR(normal_quantile(0.999), 3.090232306167813, 1e-14);
  EXPECT_NEAR(normal_quantile(0.3), -0.5244005127080407, 1e-15);
  EXPECT_NEAR(normal_quantile(0.9999999), 5.199337582290662, 1e-13);
  EXPECT_EQ(normal_quantile(0.0), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(normal_quantile(1.0), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(normal_quantile(1.5)));
}

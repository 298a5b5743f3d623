// Hand-computed localization scores, the kits' NaN behaviour and the DOA bug reproduction.
#include <gtest/gtest.h>

#include <cmath>

#include "core/common/error.h"
#include "core/eval/scores/angles.h"
#include "core/eval/scores/localization_scores.h"
#include "core/eval/scores/score_registry.h"
#include "scores_test_support.h"

using namespace gramt::eval::scores;
using gramt::eval::scores::testing::matrix;

TEST(LocalizationScores, NinetyDegreeCase) {
  const LocalizationScoreInputs in{matrix({{1, 0, 0}}), matrix({{0, 1, 0}})};
  EXPECT_NEAR(compute_score("DOE", in).at("DOE"), 90.0, 1e-12);
  EXPECT_NEAR(compute_score("MAE", in).at("MAE"), 90.0, 1e-12);
  EXPECT_NEAR(compute_score("DOA", in).at("DOA"), 90.0, 1e-12);  // 2 asin(sqrt(2) / 2)
  EXPECT_NEAR(compute_score("distance", in).at("distance"), 0.0, 1e-15);
  EXPECT_NEAR(compute_score("3d_source_local", in).at("3d_source_local"), 2.0 / 3.0, 1e-15);
  EXPECT_EQ(compute_score("3d_source_local_x", in).at("3d_source_local_x"), 1.0);
  EXPECT_EQ(compute_score("3d_source_local_y", in).at("3d_source_local_y"), 1.0);
  EXPECT_EQ(compute_score("3d_source_local_z", in).at("3d_source_local_z"), 0.0);
}

TEST(LocalizationScores, DirectionErrorIsAMedianAndIgnoresRadius) {
  const double c = std::cos(kPi / 3), s = std::sin(kPi / 3);
  // Angles 0, 90, 180 -> median 90; adding 60 -> (60 + 90) / 2.
  const Matrix p3 = matrix({{0, 0, 1}, {2, 0, 0}, {1, 0, 0}});
  const Matrix t3 = matrix({{0, 0, 5}, {0, 0, 3}, {-1, 0, 0}});
  EXPECT_NEAR(median_direction_error_deg(p3, t3), 90.0, 1e-12);
  const Matrix p4 = matrix({{0, 0, 1}, {2, 0, 0}, {1, 0, 0}, {1, 0, 0}});
  const Matrix t4 = matrix({{0, 0, 5}, {0, 0, 3}, {-1, 0, 0}, {c, s, 0}});
  EXPECT_NEAR(median_direction_error_deg(p4, t4), 75.0, 1e-12);
  // Polar input in degrees: two points on the pole coincide whatever their azimuth.
  EXPECT_NEAR(median_polar_direction_error_deg(matrix({{0, 0}}), matrix({{90, 0}})), 90.0, 1e-12);
  EXPECT_NEAR(median_polar_direction_error_deg(matrix({{10, 90}}), matrix({{170, 90}})), 0.0, 1e-5);
}

TEST(LocalizationScores, DoaReproducesTheNanToZeroBugAndReportsTheIntendedValue) {
  // Row 0: 90 degrees. Row 1: chord 2.5 > 2 -> asin is NaN; the kit's nan_to_num(x, 180) passes
  // 180 as `copy`, so the NaN becomes 0. Row 2: chord exactly 2 -> 180.
  const LocalizationScoreInputs in{matrix({{1, 0, 0}, {1, 0, 0}, {1, 0, 0}}),
                                   matrix({{0, 1, 0}, {-1.5, 0, 0}, {-1, 0, 0}})};
  const auto values = compute_score("DOA", in);
  EXPECT_NEAR(values.at("DOA"), (90.0 + 0.0 + 180.0) / 3.0, 1e-12);
  EXPECT_NEAR(values.at("DOA_nan_as_180"), (90.0 + 180.0 + 180.0) / 3.0, 1e-12);
}

TEST(LocalizationScores, ZeroVectorsGiveNanLikeTheKit) {
  const Matrix p = matrix({{0, 0, 0}, {1, 0, 0}});
  const Matrix t = matrix({{1, 0, 0}, {1, 0, 0}});
  EXPECT_TRUE(std::isnan(median_direction_error_deg(p, t)));
  EXPECT_TRUE(std::isnan(mean_angular_error_deg(p, t)));
  EXPECT_DOUBLE_EQ(mean_distance_error(p, t), 0.5);
  // Straight up has a defined elevation (z / 0 = inf -> 90 degrees).
  EXPECT_NEAR(median_direction_error_deg(matrix({{0, 0, 1}}), matrix({{1, 0, 0}})), 90.0, 1e-12);
}

TEST(LocalizationScores, DistanceComparesVectorLengths) {
  EXPECT_DOUBLE_EQ(mean_distance_error(matrix({{3, 4, 0}, {1, 0, 0}}), matrix({{1, 0, 0}, {0, 2, 0}})), (4.0 + 1.0) / 2.0);
}

TEST(LocalizationScores, BadShapesAreErrors) {
  EXPECT_THROW(mean_absolute_error(matrix({{1, 0, 0}}), matrix({{1, 0}})), gramt::Error);
  EXPECT_THROW(mean_absolute_error_of_column(matrix({{1, 0}}), matrix({{1, 0}}), 2), gramt::Error);
  EXPECT_THROW(median_direction_error_deg(matrix({{1, 0}}), matrix({{1, 0}})), gramt::Error);
  EXPECT_THROW(mean_chord_angle_error_deg(Matrix{}, Matrix{}), gramt::Error);
  EXPECT_THROW(mean_angular_error_deg(matrix({{1, 0, INFINITY}}), matrix({{1, 0, 0}})), gramt::Error);
}

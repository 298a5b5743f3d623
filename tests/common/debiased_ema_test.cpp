// TensorBoard's smoothing: closed form, pass-through of non-finite points, edge weights.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/common/debiased_ema.h"

namespace {

// out_k = sum_i w^(k-i) y_i / sum_i w^(k-i) over the finite samples up to k.
double closed_form(const std::vector<double>& y, size_t k, double w) {
  double num = 0, den = 0;
  int finite_after = 0;
  for (size_t i = k + 1; i-- > 0;) {
    if (!std::isfinite(y[i])) continue;
    const double f = std::pow(w, finite_after++);
    num += f * y[i];
    den += f;
  }
  return num / den;
}

TEST(DebiasedEma, MatchesTheClosedForm) {
  const std::vector<double> y = {3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0};
  const auto out = gramt::debiased_ema(y, 0.6);
  ASSERT_EQ(out.size(), y.size());
  EXPECT_DOUBLE_EQ(out[0], 3.0);  // the first point is not pulled towards 0 (debiased)
  for (size_t k = 0; k < y.size(); ++k) EXPECT_NEAR(out[k], closed_form(y, k, 0.6), 1e-12) << k;
}

TEST(DebiasedEma, NonFinitePointsPassThroughAndDoNotCount) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const std::vector<double> y = {2.0, nan, 4.0, inf, 6.0};
  const auto out = gramt::debiased_ema(y, 0.5);
  EXPECT_TRUE(std::isnan(out[1]));
  EXPECT_TRUE(std::isinf(out[3]));
  EXPECT_NEAR(out[2], closed_form(y, 2, 0.5), 1e-12);  // (0.5*2 + 4) / 1.5
  EXPECT_NEAR(out[2], 5.0 / 1.5, 1e-12);
  EXPECT_NEAR(out[4], closed_form(y, 4, 0.5), 1e-12);
}

TEST(DebiasedEma, EdgeWeightsAndConstantSeries) {
  const std::vector<double> y = {1.0, 2.0, 3.0};
  EXPECT_EQ(gramt::debiased_ema(y, 0.0), y);    // no smoothing
  EXPECT_EQ(gramt::debiased_ema(y, -3.0), y);   // clamped to 0
  const auto held = gramt::debiased_ema(y, 1.0);  // w = 1: the average never moves off 0
  EXPECT_EQ(held, (std::vector<double>{0.0, 0.0, 0.0}));
  const std::vector<double> flat(5, 0.25);
  EXPECT_EQ(gramt::debiased_ema(flat, 0.9), flat);
  EXPECT_TRUE(gramt::debiased_ema({}, 0.6).empty());
}

}  // namespace

#include <gtest/gtest.h>

#include "core/train/lr_schedule.h"

using gramt::train::WarmupCosineSchedule;

TEST(WarmupCosine, MatchesTheReferenceSchedule) {
  const WarmupCosineSchedule s{2e-4, 10000, 500000};
  EXPECT_DOUBLE_EQ(s.at(0), 0.0);
  EXPECT_DOUBLE_EQ(s.at(5000), 1e-4);
  EXPECT_DOUBLE_EQ(s.at(10000), 2e-4);
  EXPECT_NEAR(s.at(10000 + 245000), 1e-4, 1e-15);  // half way down the cosine
  EXPECT_NEAR(s.at(500000), 0.0, 1e-18);
  EXPECT_GT(s.at(499999), 0.0);
}

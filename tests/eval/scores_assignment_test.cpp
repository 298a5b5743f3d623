// Minimum-cost assignment as scipy.optimize.linear_sum_assignment returns it.
#include <gtest/gtest.h>

#include "core/eval/scores/linear_assignment.h"

using gramt::eval::scores::linear_sum_assignment;

TEST(LinearAssignment, FindsTheCheapestSquareAssignment) {
  // The row minima (0->1, 1->0, 2->1) collide; the optimum is 0->1, 1->0, 2->2 with cost 1+2+2.
  const auto a = linear_sum_assignment({4, 1, 3, 2, 0, 5, 3, 2, 2}, 3, 3);
  EXPECT_EQ(a.rows, (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(a.cols, (std::vector<int64_t>{1, 0, 2}));
}

TEST(LinearAssignment, RectangularProblemsPairEveryRowOrEveryColumn) {
  const auto wide = linear_sum_assignment({5, 1, 9, 2, 8, 0}, 2, 3);  // 2 rows, 3 columns
  EXPECT_EQ(wide.rows, (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(wide.cols, (std::vector<int64_t>{1, 2}));
  const auto tall = linear_sum_assignment({80, 10, 30}, 3, 1);  // 3 rows, 1 column
  EXPECT_EQ(tall.rows, (std::vector<int64_t>{1}));
  EXPECT_EQ(tall.cols, (std::vector<int64_t>{0}));
}

TEST(LinearAssignment, ConstantCostGivesTheIdentityLikeScipy) {
  const auto a = linear_sum_assignment(std::vector<double>(9, 1.0), 3, 3);
  EXPECT_EQ(a.cols, (std::vector<int64_t>{0, 1, 2}));
  EXPECT_TRUE(linear_sum_assignment({}, 0, 4).rows.empty());
}

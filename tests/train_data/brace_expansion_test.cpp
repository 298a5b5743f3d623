#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/data/brace_expansion.h"

using gramt::data::expand_braces;
using Names = std::vector<std::string>;

TEST(BraceExpansion, ZeroPaddedRangeAsInShardNames) {
  const auto names = expand_braces("/data/unbal_train{000..869}.tar");
  ASSERT_EQ(names.size(), 870u);
  EXPECT_EQ(names.front(), "/data/unbal_train000.tar");
  EXPECT_EQ(names[7], "/data/unbal_train007.tar");
  EXPECT_EQ(names.back(), "/data/unbal_train869.tar");
}

TEST(BraceExpansion, RangesWithoutPaddingAndDescending) {
  EXPECT_EQ(expand_braces("x{9..11}"), (Names{"x9", "x10", "x11"}));
  EXPECT_EQ(expand_braces("x{010..8}"), (Names{"x010", "x009", "x008"}));
  EXPECT_EQ(expand_braces("x{-1..1}"), (Names{"x-1", "x0", "x1"}));
}

TEST(BraceExpansion, AlternativesMultiplyAndNest) {
  EXPECT_EQ(expand_braces("{a,b}{1..2}"), (Names{"a1", "a2", "b1", "b2"}));
  EXPECT_EQ(expand_braces("{a,b{1,2}}c"), (Names{"ac", "b1c", "b2c"}));
  EXPECT_EQ(expand_braces("s{0..1}/{x,y}.tar"), (Names{"s0/x.tar", "s0/y.tar", "s1/x.tar", "s1/y.tar"}));
}

TEST(BraceExpansion, PlainAndLiteralGroupsStayAsWritten) {
  EXPECT_EQ(expand_braces("shard.tar"), (Names{"shard.tar"}));
  EXPECT_EQ(expand_braces("a{x}b{1..2}"), (Names{"a{x}b1", "a{x}b2"}));
}

TEST(BraceExpansion, UnmatchedBraceIsAnError) {
  EXPECT_THROW(expand_braces("train{000..869.tar"), gramt::Error);
  EXPECT_THROW(expand_braces("{0..99999999}"), gramt::Error);
}

// Golden parity: every array of each reference case must be reproduced within the case's tolerance.
#include <gtest/gtest.h>

#include <cstdio>

#include "core/model/reference_case.h"

namespace {

void expect_case_passes(const std::string& name) {
  const auto result = gramt::model::check_reference_case(std::string(GRAMT_TEST_DATA_DIR) + "/golden/" + name);
  ASSERT_FALSE(result.arrays.empty());
  for (const auto& a : result.arrays) {
    std::printf("[%s] %-24s max %s error %.3g (tolerance %.0e) %s\n", name.c_str(), a.name.c_str(),
                a.relative ? "relative" : "abs", a.max_abs_error, a.tolerance, a.note.c_str());
    EXPECT_TRUE(a.passed) << name << "/" << a.name << ": error " << a.max_abs_error << " " << a.note;
  }
  EXPECT_TRUE(result.passed());
}

}  // namespace

TEST(GoldenParity, FramePatchingCase) { expect_case_passes("frame"); }
TEST(GoldenParity, TimePatchingCase) { expect_case_passes("time"); }
// A 7-channel model on first-order ambisonic audio: 4 log-mel + 3 intensity-vector channels.
TEST(GoldenParity, AmbisonicSevenChannelCase) { expect_case_passes("foa"); }

// Angular-error statistics, confusions and splits by per-clip facts, on hand-made clips.
#include <gtest/gtest.h>

#include "core/eval/scores/localization_breakdown.h"

namespace {

using namespace gramt::eval::scores;

DirectionResult clip(double ta, double te, double pa, double pe, double error) {
  DirectionResult c;
  c.true_azimuth_deg = ta;
  c.true_elevation_deg = te;
  c.predicted_azimuth_deg = pa;
  c.predicted_elevation_deg = pe;
  c.error_deg = error;
  return c;
}

TEST(LocalizationBreakdown, ConfusionsAreMirrorImages) {
  // 30° front-left predicted at 150° (back-left): the front–back mirror of 30° is exactly 150°.
  EXPECT_TRUE(is_front_back_confusion(clip(30, 0, 150, 0, 120)));
  EXPECT_FALSE(is_left_right_confusion(clip(30, 0, 150, 0, 120)));
  // 60° left predicted at −55° (right): closer to the median-plane mirror (−60°).
  EXPECT_TRUE(is_left_right_confusion(clip(60, 0, -55, 0, 115)));
  // A small error is no confusion; a source on the interaural axis cannot be front–back confused.
  EXPECT_FALSE(is_front_back_confusion(clip(30, 0, 40, 0, 10)));
  EXPECT_FALSE(is_front_back_confusion(clip(90, 0, 95, 0, 5)));
  // Up–down needs both elevations away from the horizontal plane.
  EXPECT_TRUE(is_up_down_confusion(clip(0, 40, 0, -35, 75)));
  EXPECT_FALSE(is_up_down_confusion(clip(0, 40, 0, -5, 45)));
  const Confusions c = count_confusions({clip(30, 0, 150, 0, 120), clip(60, 0, -55, 0, 115), clip(0, 0, NAN, NAN, NAN)});
  EXPECT_EQ(c.judged, 2u);
  EXPECT_EQ(c.front_back, 1u);
  EXPECT_EQ(c.left_right, 1u);
}

TEST(LocalizationBreakdown, SummaryAndHistogram) {
  const std::vector<DirectionResult> clips = {clip(0, 0, 0, 0, 5), clip(0, 0, 0, 0, 15), clip(0, 0, 0, 0, 25),
                                              clip(0, 0, 0, 0, 180), clip(0, 0, 0, 0, NAN)};
  const ErrorSummary s = summarise_errors(clips);
  EXPECT_EQ(s.clips, 5u);
  EXPECT_EQ(s.with_direction, 4u);
  EXPECT_DOUBLE_EQ(s.mean, 56.25);
  EXPECT_DOUBLE_EQ(s.median, 20.0);
  EXPECT_DOUBLE_EQ(s.within_10, 0.25);
  EXPECT_DOUBLE_EQ(s.within_30, 0.75);
  const auto h = error_histogram(clips, 10.0);
  ASSERT_EQ(h.size(), 18u);
  EXPECT_EQ(h[0], 1u);
  EXPECT_EQ(h[1], 1u);
  EXPECT_EQ(h[2], 1u);
  EXPECT_EQ(h[17], 1u);  // 180° lands in the last bin
}

TEST(LocalizationBreakdown, SplitsByNumbersAndLabels) {
  std::vector<DirectionResult> clips;
  for (int i = 0; i < 8; ++i) {
    DirectionResult c = clip(0, 0, 0, 0, i < 4 ? 40.0 : 10.0);
    c.numbers["snr_db"] = i * 5.0;  // low SNR, large error
    c.labels["room"] = i % 2 ? "hall" : "booth";
    clips.push_back(c);
  }
  clips.push_back(clip(0, 0, 0, 0, 90));  // no facts
  EXPECT_EQ(fact_keys(clips), (std::vector<std::string>{"room", "snr_db"}));
  const auto by_snr = split_errors(clips, "snr_db", 2);
  ASSERT_EQ(by_snr.size(), 3u);
  EXPECT_EQ(by_snr[0].label, "0 – 15");
  EXPECT_DOUBLE_EQ(by_snr[0].mean, 40.0);
  EXPECT_DOUBLE_EQ(by_snr[1].mean, 10.0);
  EXPECT_EQ(by_snr[2].label, "(missing)");
  const auto by_room = split_errors(clips, "room");
  ASSERT_EQ(by_room.size(), 3u);
  EXPECT_EQ(by_room[0].label, "booth");
  EXPECT_EQ(by_room[0].clips, 4u);
  EXPECT_DOUBLE_EQ(by_room[0].mean, 25.0);
}

}  // namespace

// Hand-computed SELD (DCASE 2022 style) and OldSELD (DCASE 2019 style) cases, the frame cut-off
// and grid-step bugs next to their corrected readings, and bad inputs.
#include <gtest/gtest.h>

#include <cmath>

#include "core/common/error.h"
#include "core/eval/scores/angles.h"
#include "core/eval/scores/old_seld_metrics.h"
#include "core/eval/scores/score_registry.h"
#include "core/eval/scores/seld_metrics.h"

using namespace gramt::eval::scores;

namespace {

PredictedDoa toward(int64_t frame, int64_t class_index, double azimuth_deg) {
  const double a = azimuth_deg * kPi / 180.0;
  return {frame, class_index, std::cos(a), std::sin(a), 0.0};
}

SeldScoreInputs seld_case(int64_t classes, int64_t block_frames) {
  SeldScoreInputs in;
  in.classes = classes;
  in.block_frames = block_frames;
  in.params.doa_threshold_deg = 20.0;
  in.params.average = "macro";
  return in;
}

void expect_result(const SeldResult& r, double seld, double er, double f, double le, double lr, double tol = 1e-9) {
  EXPECT_NEAR(r.seld, seld, tol);
  EXPECT_NEAR(r.error_rate, er, tol);
  EXPECT_NEAR(r.f_measure, f, tol);
  EXPECT_NEAR(r.localization_error_deg, le, tol);
  EXPECT_NEAR(r.localization_recall, lr, tol);
}

}  // namespace

TEST(Seld, LastReferenceBlockBoundaryDropsFramesAsPublished) {
  // Class 0 is found perfectly in frames 0-14; class 1 only occurs in frame 20. The kit cuts the
  // file after ceil(20 / 10) = 2 blocks, so class 1 never counts: in the macro average it has
  // F = 0, LE = 180, LR = 0 -> its SELD is (0 + 1 + 1 + 1) / 4 and the mean is 0.375.
  auto in = seld_case(2, 10);
  for (int64_t f = 0; f < 15; ++f) {
    in.reference["f"].push_back({f, 0, 0.0, 0.0});
    in.predicted["f"].push_back(toward(f, 0, 0.0));
  }
  in.reference["f"].push_back({20, 1, 90.0, 0.0});
  in.predicted["f"].push_back(toward(20, 1, 90.0));
  const auto v = seld_metrics(in);
  expect_result(v.as_published, 0.375, 0.0, 0.5, 90.0, 0.5);
  expect_result(v.all_frames, 0.0, 0.0, 1.0, 0.0, 1.0, 1e-6);
  // Micro averaging pools the classes: class 1 simply has no counts.
  in.params.average = "micro";
  expect_result(seld_metrics(in).as_published, 0.0, 0.0, 1.0, 0.0, 1.0);
}

TEST(Seld, DirectionBeyondTheThresholdIsASpatialFalsePositive) {
  auto in = seld_case(1, 5);
  for (int64_t f = 0; f < 5; ++f) {
    in.reference["f"].push_back({f, 0, 0.0, 0.0});
    in.predicted["f"].push_back(toward(f, 0, 30.0));
  }
  // 30 degrees off with a 20-degree threshold: ER = 1 (one insertion), F = 0, LE = 30, LR = 1.
  expect_result(seld_metrics(in).as_published, (1.0 + 1.0 + 30.0 / 180.0 + 0.0) / 4.0, 1.0, 0.0, 30.0, 1.0);
  in.params.doa_threshold_deg = 45.0;
  expect_result(seld_metrics(in).as_published, (30.0 / 180.0) / 4.0, 0.0, 1.0, 30.0, 1.0);
  EXPECT_NEAR(compute_score("SELD", in).at("SELD_LE"), 30.0, 1e-9);
}

TEST(Seld, NoCommonFrameInABlockCountsThePredictionsAsMisses) {
  auto in = seld_case(1, 10);
  for (int64_t f = 0; f < 3; ++f) in.reference["f"].push_back({f, 0, 0.0, 0.0});
  for (int64_t f = 5; f < 8; ++f) in.predicted["f"].push_back(toward(f, 0, 0.0));
  expect_result(seld_metrics(in).as_published, 1.0, 1.0, 0.0, 180.0, 0.0);
}

TEST(Seld, HungarianMatchPicksTheNearerTrack) {
  // Two reference tracks of one class (0 and 90 degrees) and one prediction at 80 degrees: the
  // prediction belongs to the 90-degree track (10 degrees, a hit); the other track is a miss.
  auto in = seld_case(1, 2);
  for (int64_t f = 0; f < 2; ++f) {
    in.reference["f"].push_back({f, 0, 0.0, 0.0});
    in.reference["f"].push_back({f, 0, 90.0, 0.0});
    in.predicted["f"].push_back(toward(f, 0, 80.0));
  }
  expect_result(seld_metrics(in).as_published, (0.5 + 1.0 / 3.0 + 10.0 / 180.0 + 0.5) / 4.0, 0.5, 2.0 / 3.0, 10.0, 0.5);
}

TEST(Seld, FileWithoutReferenceCountsOnlyInTheCorrectedReading) {
  auto in = seld_case(1, 5);
  in.params.doa_threshold_deg = 45.0;
  for (int64_t f = 0; f < 5; ++f) {
    in.reference["a"].push_back({f, 0, 0.0, 0.0});
    in.predicted["a"].push_back(toward(f, 0, 30.0));
    in.predicted["b"].push_back(toward(f, 0, 0.0));
  }
  const auto values = compute_score("SELD", in);
  EXPECT_NEAR(values.at("SELD"), (30.0 / 180.0) / 4.0, 1e-9);
  EXPECT_NEAR(values.at("SELD_ER"), 0.0, 1e-9);
  // Corrected: file b adds a false positive -> ER = 1, F = 1 / (1 + 0.5).
  EXPECT_NEAR(values.at("SELD_all_frames"), (1.0 + 1.0 / 3.0 + 30.0 / 180.0) / 4.0, 1e-9);
  EXPECT_NEAR(values.at("SELD_all_frames_ER"), 1.0, 1e-9);
  EXPECT_NEAR(values.at("SELD_all_frames_F"), 2.0 / 3.0, 1e-9);
}

TEST(Seld, BadInputsAreErrors) {
  auto in = seld_case(1, 5);
  in.reference["f"].push_back({0, 1, 0.0, 0.0});
  EXPECT_THROW(seld_metrics(in), gramt::Error);  // class 1 of 1
  in = seld_case(1, 0);
  EXPECT_THROW(seld_metrics(in), gramt::Error);
  in = seld_case(1, 5);
  in.params.average = "weighted";
  EXPECT_THROW(seld_metrics(in), gramt::Error);
  in = seld_case(1, 5);
  in.predicted["f"].push_back({-1, 0, 1, 0, 0});
  EXPECT_THROW(seld_metrics(in), gramt::Error);
}

namespace {

SeldScoreInputs old_seld_case(int64_t block_frames, int64_t max_frames) {
  auto in = seld_case(1, block_frames);
  in.max_frames = max_frames;
  in.params.azimuth_limits[0] = -180;
  in.params.azimuth_limits[1] = 180;
  in.params.elevation_limits[0] = -40;
  in.params.elevation_limits[1] = 50;
  in.params.doa_resolution = 10;
  return in;
}

}  // namespace

TEST(OldSeld, BlocksPaddingFramesAndGridCells) {
  // File a: reference at (0, 0) in all 10 frames, prediction at 90 degrees in frames 0-4 only.
  // File b: silent, padded to 10 frames that all count as good.
  //   SED in 5-frame blocks: block 0 hit, block 1 deleted -> ER = 1/2, F = 2/3.
  //   DOA: 5 predicted cells, each 90 degrees off -> LE = 90; good frames 5 + 10 of 20 -> LR = 0.75.
  auto in = old_seld_case(5, 10);
  for (int64_t f = 0; f < 10; ++f) in.reference["a"].push_back({f, 0, 0.0, 0.0});
  for (int64_t f = 0; f < 5; ++f) in.predicted["a"].push_back(toward(f, 0, 90.0));
  in.predicted["b"] = {};
  const auto v = old_seld_metrics(in);
  expect_result(v.as_published, (0.5 + 1.0 / 3.0 + 0.5 + 0.25) / 4.0, 0.5, 2.0 / 3.0, 90.0, 0.75);
  // With a 10-degree grid the corrected reading is the same computation.
  EXPECT_EQ(v.doa_resolution.seld, v.as_published.seld);
  const auto values = compute_score("OldSELD", in);
  EXPECT_NEAR(values.at("OldSELD"), (0.5 + 1.0 / 3.0 + 0.5 + 0.25) / 4.0, 1e-9);
  EXPECT_NEAR(values.at("OldSELD_LR"), 0.75, 1e-12);
}

TEST(OldSeld, LastFrameOfEachBlockIsLeftOutOfTheSedPart) {
  // The prediction sits in frame 4, the last frame of block 0, so the block has no predicted
  // activity: one deletion (ER = 1) instead of a hit.
  auto in = old_seld_case(5, 5);
  in.reference["a"].push_back({1, 0, 0.0, 0.0});
  in.predicted["a"].push_back(toward(4, 0, 0.0));
  expect_result(old_seld_metrics(in).as_published, (1.0 + 1.0 + 0.0 + 0.4) / 4.0, 1.0, 0.0, 0.0, 0.6);
}

TEST(OldSeld, HardCodedTenDegreeStepLeavesTheGridForCoarserResolutions) {
  // At 20-degree resolution the grid has 18 x 5 cells; the kit's 10-degree index puts 170 degrees
  // at cell 174 and fails, so the published values are NaN. The corrected reading finds the cell.
  auto in = old_seld_case(2, 2);
  in.params.doa_resolution = 20;
  in.reference["a"].push_back({0, 0, 170.0, 0.0});
  in.predicted["a"].push_back(toward(0, 0, 170.0));
  const auto values = compute_score("OldSELD", in);
  EXPECT_TRUE(std::isnan(values.at("OldSELD")));
  EXPECT_TRUE(std::isnan(values.at("OldSELD_ER")));
  EXPECT_NEAR(values.at("OldSELD_doa_resolution"), 0.0, 1e-9);
  EXPECT_NEAR(values.at("OldSELD_doa_resolution_LR"), 1.0, 1e-12);
  EXPECT_NEAR(values.at("OldSELD_doa_resolution_LE"), 0.0, 1e-9);
}

TEST(OldSeld, BadInputsAreErrors) {
  auto in = old_seld_case(1, 5);
  in.predicted["a"] = {};
  EXPECT_THROW(old_seld_metrics(in), gramt::Error);  // 1-frame blocks are empty
  in = old_seld_case(5, 5);
  in.predicted["a"].push_back(toward(5, 0, 0.0));
  EXPECT_THROW(old_seld_metrics(in), gramt::Error);  // frame beyond max_frames
  in = old_seld_case(5, 5);
  EXPECT_THROW(old_seld_metrics(in), gramt::Error);  // nothing predicted
  in = old_seld_case(5, 5);
  in.predicted["a"] = {};
  in.params.elevation_limits[1] = 0;
  EXPECT_THROW(old_seld_metrics(in), gramt::Error);
}

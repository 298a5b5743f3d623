#include <gtest/gtest.h>

#include <torch/types.h>

#include <set>

#include "core/common/error.h"
#include "core/data/patch_masks.h"
#include "core/data/random.h"
#include "core/data/training_crops.h"

using namespace gramt::data;

TEST(TrainingCrops, PaddingIsZeroInTheLogDomainAndTruncationCutsTheEnd) {
  const auto log_mel = torch::full({2, 1001, 128}, -11.5f);
  const auto padded = pad_or_truncate_frames(log_mel, 1024);
  ASSERT_EQ(padded.sizes(), (std::vector<int64_t>{2, 1024, 128}));
  EXPECT_TRUE(torch::equal(padded.narrow(1, 0, 1001), log_mel));
  EXPECT_EQ(padded.narrow(1, 1001, 23).abs().max().item<float>(), 0.0f);
  const auto cut = pad_or_truncate_frames(torch::arange(12.0).reshape({6, 2}), 4);
  EXPECT_TRUE(torch::equal(cut, torch::arange(8.0).reshape({4, 2})));
}

TEST(TrainingCrops, StartsAreUniformWithinTheInclusiveRange) {
  Rng rng(1);
  const auto starts = draw_crop_starts(rng, 1024, 200, 5000);
  std::set<int64_t> seen(starts.begin(), starts.end());
  EXPECT_GE(*seen.begin(), 0);
  EXPECT_LE(*seen.rbegin(), 824);
  Rng small(2);
  const auto few = draw_crop_starts(small, 10, 8, 300);
  EXPECT_EQ(std::set<int64_t>(few.begin(), few.end()), (std::set<int64_t>{0, 1, 2}));  // both ends reachable
  EXPECT_THROW(draw_crop_starts(small, 100, 200, 1), gramt::Error);
}

TEST(TrainingCrops, CropsAreTheFramesAtTheirStarts) {
  const auto log_mel = torch::arange(2 * 30 * 4, torch::kFloat32).reshape({2, 30, 4});
  const auto crops = cut_crops(log_mel, {0, 22, 5}, 8);
  ASSERT_EQ(crops.sizes(), (std::vector<int64_t>{3, 2, 8, 4}));
  EXPECT_TRUE(torch::equal(crops[1], log_mel.narrow(1, 22, 8)));
  EXPECT_TRUE(torch::equal(crops[2], log_mel.narrow(1, 5, 8)));
  EXPECT_THROW(cut_crops(log_mel, {23}, 8), gramt::Error);
}

TEST(PatchMasks, EveryRowMasksExactlyMaskPatchDistinctPatches) {
  Rng rng(3);
  const auto masks = draw_patch_masks(rng, 64, 200, 160);
  ASSERT_EQ(masks.sizes(), (std::vector<int64_t>{64, 200}));
  ASSERT_EQ(masks.scalar_type(), torch::kBool);
  const auto per_row = masks.sum(1);
  EXPECT_TRUE(torch::all(per_row == 160).item<bool>());
  EXPECT_TRUE(torch::all(masks.logical_not().sum(0) > 0).item<bool>());  // every patch left visible somewhere
  EXPECT_FALSE(torch::equal(masks[0], masks[1]));
  EXPECT_THROW(draw_patch_masks(rng, 1, 200, 201), gramt::Error);
}

TEST(Random, SameSeedSameDrawsAndDerivedSeedsDiffer) {
  Rng a(derive_seed(9, RandomStream::kBatch, 4)), b(derive_seed(9, RandomStream::kBatch, 4));
  for (int i = 0; i < 100; ++i) ASSERT_EQ(a.uniform_int(0, 1000), b.uniform_int(0, 1000));
  EXPECT_NE(derive_seed(9, RandomStream::kBatch, 4), derive_seed(9, RandomStream::kBatch, 5));
  EXPECT_NE(derive_seed(9, RandomStream::kBatch, 4), derive_seed(9, RandomStream::kClipOrder, 4));
  Rng c(5);
  const auto sample = c.sample_without_replacement(10, 10);
  EXPECT_EQ(std::set<int64_t>(sample.begin(), sample.end()).size(), 10u);
}

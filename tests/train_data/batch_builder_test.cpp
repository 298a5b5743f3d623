#include <gtest/gtest.h>

#include <torch/types.h>

#include "core/common/error.h"
#include "core/data/batch_builder.h"
#include "core/data/spatial_scene_renderer.h"
#include "fixtures.h"
#include "stand_in_scene.h"

using namespace gramt::data;

namespace {

BatchSpec small_spec() {
  BatchSpec spec;
  spec.clip.seconds = 0.5;   // 16000 samples → 51 frames
  spec.input_length = 64;
  spec.target_length = 16;
  spec.samples_per_audio = 3;
  spec.num_patches = 16;
  spec.mask_patch = 12;
  return spec;
}

std::vector<std::vector<float>> clips(int count, const BatchSpec& spec) {
  std::vector<std::vector<float>> out;
  for (int i = 0; i < count; ++i) out.push_back(prepare_clip(gramt::test::tone(32000, 1, 0.5, 300 + 100 * i), spec.clip));
  return out;
}

}  // namespace

TEST(BatchBuilder, ShapesTypesAndMaskCounts) {
  const auto spec = small_spec();
  BatchBuilder builder(spec, std::make_shared<gramt::test::StandInScene>());
  Rng rng(1);
  const auto batch = builder.build(clips(4, spec), {}, rng);
  ASSERT_EQ(batch.crops.sizes(), (std::vector<int64_t>{12, 2, 16, 128}));
  EXPECT_EQ(batch.crops.scalar_type(), torch::kFloat32);
  ASSERT_EQ(batch.masks.sizes(), (std::vector<int64_t>{12, 16}));
  EXPECT_EQ(batch.masks.scalar_type(), torch::kBool);
  EXPECT_TRUE(torch::all(batch.masks.sum(1) == 12).item<bool>());
  EXPECT_TRUE(torch::isfinite(batch.crops).all().item<bool>());
  // log(mel + 1e-5) never falls below log(1e-5); the padding frames are exactly 0.
  EXPECT_GE(batch.crops.min().item<float>(), std::log(1e-5f) - 1e-4f);
}

TEST(BatchBuilder, CleanClipsCarryTheDryClipOnEveryChannel) {
  auto spec = small_spec();
  spec.clean_data_ratio = 1.0;
  BatchBuilder clean(spec, std::make_shared<gramt::test::StandInScene>());
  Rng rng(2);
  const auto batch = clean.build(clips(2, spec), {}, rng);
  EXPECT_TRUE(torch::equal(batch.crops.select(1, 0), batch.crops.select(1, 1)));

  spec.clean_data_ratio = 0.0;
  BatchBuilder spatial(spec, std::make_shared<gramt::test::StandInScene>());
  Rng rng2(2);
  const auto rendered = spatial.build(clips(2, spec), {}, rng2);
  EXPECT_FALSE(torch::equal(rendered.crops.select(1, 0), rendered.crops.select(1, 1)));
}

TEST(BatchBuilder, SameGeneratorSameBatch) {
  const auto spec = small_spec();
  BatchBuilder builder(spec, std::make_shared<gramt::test::StandInScene>());
  const auto input = clips(3, spec);
  std::vector<std::vector<float>> noises{gramt::test::tone(32000, 1, 0.3, 1000).channels[0], {}, {}};
  Rng a(5), b(5), c(6);
  const auto x = builder.build(input, noises, a), y = builder.build(input, noises, b), z = builder.build(input, noises, c);
  EXPECT_TRUE(torch::equal(x.crops, y.crops));
  EXPECT_TRUE(torch::equal(x.masks, y.masks));
  EXPECT_FALSE(torch::equal(x.crops, z.crops));
}

TEST(BatchBuilder, BadSettingsAreErrorsNamingTheField) {
  auto spec = small_spec();
  spec.mask_patch = 17;
  try {
    BatchBuilder builder(spec, std::make_shared<gramt::test::StandInScene>());
    FAIL();
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("mask_patch"), std::string::npos);
  }
  spec = small_spec();
  EXPECT_THROW(BatchBuilder(spec, nullptr), gramt::Error);  // rooms and noise need a renderer
  spec.with_noise = spec.with_rir = false;
  EXPECT_NO_THROW(BatchBuilder(spec, nullptr));
}

TEST(BatchBuilder, SevenChannelBatchesGoThroughTheAmbisonicFrontEnd) {
  // Clean clips: the dry clip on W, X, Y and Z; the front end gives 4 equal log-mels and 3 intensity
  // channels that are equal to one another (W·X = W·Y = W·Z).
  auto spec = small_spec();
  spec.channels = 7;
  spec.with_rir = false;
  spec.with_noise = false;
  BatchBuilder builder(spec, nullptr);
  const std::vector<std::vector<float>> clips(2, gramt::data::prepare_clip(gramt::test::tone(32000, 1, 1.0, 440), spec.clip));
  Rng rng(3);
  const auto batch = builder.build(clips, {}, rng);
  ASSERT_EQ(batch.crops.size(1), 7);
  EXPECT_TRUE(torch::allclose(batch.crops.select(1, 0), batch.crops.select(1, 3)));
  EXPECT_TRUE(torch::allclose(batch.crops.select(1, 4), batch.crops.select(1, 6)));
  EXPECT_FALSE(torch::allclose(batch.crops.select(1, 0), batch.crops.select(1, 4)));
  spec.channels = 5;
  EXPECT_THROW(BatchBuilder(spec, nullptr), gramt::Error);
}

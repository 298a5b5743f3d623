#include "core/scene/scene_sampler.h"

#include <gtest/gtest.h>

#include "core/common/error.h"
#include "scene_test_helpers.h"

namespace gramt::scene {
namespace {

constexpr int kRate = 16000;

SceneSamplerOptions small_rooms() {
  SceneSamplerOptions o;
  o.room_length = {4.0, 6.0};
  o.room_width = {3.0, 5.0};
  o.room_height = {2.5, 3.0};
  o.rt60_seconds = {0.2, 0.4};
  o.source_distance = {0.5, 2.0};
  o.source_elevation_deg = {-20.0, 40.0};
  o.noise_sources_min = 1;
  o.noise_sources_max = 3;
  return o;
}

TEST(RandomSceneSampler, SameSeedSameSceneOtherSeedOtherScene) {
  const RandomSceneSampler sampler(HrirSet::spherical_head(kRate), small_rooms());
  const SceneResponses a = sampler.draw(uint64_t{42});
  const SceneResponses b = sampler.draw(uint64_t{42});
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.noise, b.noise);
  EXPECT_EQ(a.source_label.azimuth_deg, b.source_label.azimuth_deg);
  EXPECT_EQ(a.origin, b.origin);
  const SceneResponses c = sampler.draw(uint64_t{43});
  EXPECT_NE(a.source, c.source);
  EXPECT_NE(a.source_label.position.x, c.source_label.position.x);
}

TEST(RandomSceneSampler, ScenesRespectTheRangesAndCarryOneLabelPerResponse) {
  const SceneSamplerOptions options = small_rooms();
  const RandomSceneSampler sampler(HrirSet::spherical_head(kRate), options);
  std::mt19937_64 rng(7);
  for (int i = 0; i < 5; ++i) {
    const SceneResponses scene = sampler.draw(rng);
    EXPECT_GE(scene.source_label.distance_m, options.source_distance.min - 1e-9);
    EXPECT_LE(scene.source_label.distance_m, options.source_distance.max + 1e-9);
    EXPECT_GE(scene.source_label.elevation_deg, options.source_elevation_deg.min - 1e-9);
    EXPECT_LE(scene.source_label.elevation_deg, options.source_elevation_deg.max + 1e-9);
    EXPECT_NEAR(norm(scene.source_label.position), scene.source_label.distance_m, 1e-9);
    EXPECT_GE(scene.noise.size(), 1u);
    EXPECT_LE(scene.noise.size(), 3u);
    EXPECT_EQ(scene.noise.size(), scene.noise_labels.size());
    ASSERT_EQ(scene.source.size(), 2u);
    for (const auto& n : scene.noise) {
      ASSERT_EQ(n.size(), 2u);
      EXPECT_EQ(n[0].size(), scene.source[0].size());
    }
    for (const auto& l : scene.noise_labels) EXPECT_GE(l.distance_m, options.noise_min_distance - 1e-9);
    EXPECT_GE(scene.rt60_seconds, 0.2 - 1e-9);
    EXPECT_LE(scene.rt60_seconds, 0.4 + 1e-9);
    EXPECT_GE(scene.room_dimensions.x, 4.0);
  }
}

TEST(RandomSceneSampler, FixedDirectionAndDistanceBecomeTheLabel) {
  SceneSamplerOptions options = small_rooms();
  options.source_azimuth_deg = 90.0;
  options.source_elevation_fixed_deg = 0.0;
  options.source_distance_fixed = 100.0 * 343.0 / kRate;  // 100 samples of travel
  options.anechoic = true;
  const RandomSceneSampler sampler(HrirSet::ideal_delta(kRate), options);
  const SceneResponses scene = sampler.draw(uint64_t{5});
  EXPECT_NEAR(scene.source_label.azimuth_deg, 90.0, 1e-9);
  EXPECT_NEAR(scene.source_label.elevation_deg, 0.0, 1e-9);
  EXPECT_NEAR(scene.source_label.position.y, *options.source_distance_fixed, 1e-9);  // y = left
  // Free field through an ideal head: one arrival after distance/c.
  EXPECT_EQ(testing::argmax_abs(scene.source[0]), 100u);
  EXPECT_NEAR(scene.source[0][100], 1.0 / *options.source_distance_fixed, 1e-5);
}

TEST(RandomSceneSampler, LeftSourcesLeadAtTheLeftEarWhateverTheHeadOrientation) {
  SceneSamplerOptions options = small_rooms();
  options.source_azimuth_deg = 90.0;
  options.source_elevation_fixed_deg = 0.0;
  options.source_distance_fixed = 1.5;
  options.rt60_seconds = {0.2, 0.25};
  const RandomSceneSampler sampler(HrirSet::spherical_head(kRate), options);
  for (uint64_t seed = 0; seed < 3; ++seed) {
    const SceneResponses scene = sampler.draw(seed);
    // The direct sound dominates the start: compare the first 3 ms after it.
    const size_t onset = static_cast<size_t>(1.5 / 343.0 * kRate);
    std::vector<float> left(scene.source[0].begin() + static_cast<long>(onset) - 20, scene.source[0].begin() + static_cast<long>(onset) + 48);
    std::vector<float> right(scene.source[1].begin() + static_cast<long>(onset) - 20, scene.source[1].begin() + static_cast<long>(onset) + 48);
    EXPECT_GT(testing::lag_of(left, right, 20), 3) << "seed " << seed;
  }
}

TEST(RandomSceneSampler, ImpossibleConstraintsAndBadOptionsAreErrors) {
  SceneSamplerOptions far = small_rooms();
  far.source_distance_fixed = 30.0;
  const RandomSceneSampler sampler(HrirSet::ideal_delta(kRate), far);
  EXPECT_THROW(sampler.draw(uint64_t{1}), Error);

  SceneSamplerOptions bad = small_rooms();
  bad.room_length = {6.0, 4.0};
  try {
    RandomSceneSampler(HrirSet::ideal_delta(kRate), bad);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("room_length"), std::string::npos) << e.what();
  }
  bad = small_rooms();
  bad.noise_sources_max = 0;
  EXPECT_THROW(RandomSceneSampler(HrirSet::ideal_delta(kRate), bad), Error);
}

}  // namespace
}  // namespace gramt::scene

#include "core/scene/binaural_scene.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/common/error.h"
#include "scene_test_helpers.h"

namespace gramt::scene {
namespace {

constexpr int kRate = 16000;

audio::AudioBuffer tone_burst(int rate, double seconds, double frequency) {
  audio::AudioBuffer b;
  b.sample_rate = rate;
  b.channels.emplace_back(static_cast<size_t>(seconds * rate));
  for (size_t n = 0; n < b.channels[0].size(); ++n)
    b.channels[0][n] = static_cast<float>(0.3 * std::sin(2.0 * std::acos(-1.0) * frequency * n / rate));
  return b;
}

audio::AudioBuffer white_noise(int rate, double seconds, uint64_t seed) {
  audio::AudioBuffer b;
  b.sample_rate = rate;
  std::mt19937_64 rng(seed);
  b.channels.emplace_back(static_cast<size_t>(seconds * rate));
  for (auto& v : b.channels[0]) v = static_cast<float>(static_cast<double>(rng() >> 11) * 0x1.0p-53 - 0.5);
  return b;
}

SceneSamplerOptions quick_rooms() {
  SceneSamplerOptions o;
  o.room_length = {4.0, 6.0};
  o.room_width = {3.0, 5.0};
  o.room_height = {2.5, 3.0};
  o.rt60_seconds = {0.2, 0.4};
  o.source_distance = {0.5, 2.0};
  return o;
}

TEST(BinauralSceneMaker, MonoClipBecomesANoisyBinauralSceneWithLabels) {
  const auto maker = BinauralSceneMaker::with_random_rooms(HrirSet::spherical_head(kRate), quick_rooms());
  const audio::AudioBuffer clip = tone_burst(kRate, 1.0, 440.0);
  const audio::AudioBuffer noise = white_noise(kRate, 0.5, 3);
  const BinauralScene scene = maker.make(clip, 42, &noise);
  ASSERT_EQ(scene.audio.channel_count(), 2);
  EXPECT_EQ(scene.audio.frames(), clip.frames());
  EXPECT_EQ(scene.audio.sample_rate, kRate);
  EXPECT_TRUE(scene.reverberant);
  EXPECT_TRUE(scene.has_labels);
  EXPECT_TRUE(scene.noisy);
  EXPECT_GE(scene.snr_db, 5.0);
  EXPECT_LE(scene.snr_db, 40.0);
  EXPECT_GE(scene.source.distance_m, 0.5 - 1e-9);
  EXPECT_FALSE(scene.noise_sources.empty());
  EXPECT_NE(scene.audio.channels[0], scene.audio.channels[1]);

  const BinauralScene again = maker.make(clip, 42, &noise);
  EXPECT_EQ(again.audio.channels, scene.audio.channels);
  EXPECT_EQ(again.source.azimuth_deg, scene.source.azimuth_deg);
  const BinauralScene other = maker.make(clip, 43, &noise);
  EXPECT_NE(other.audio.channels, scene.audio.channels);
}

TEST(BinauralSceneMaker, FreeFieldSourceOnTheLeftIsLouderAndEarlierOnTheLeft) {
  SceneSamplerOptions rooms = quick_rooms();
  rooms.anechoic = true;
  rooms.source_azimuth_deg = 90.0;
  rooms.source_elevation_fixed_deg = 0.0;
  rooms.source_distance_fixed = 1.0;
  BinauralSceneOptions options;
  options.mix.with_noise = false;
  const auto maker = BinauralSceneMaker::with_random_rooms(HrirSet::spherical_head(kRate), rooms, options);
  const audio::AudioBuffer clip = white_noise(kRate, 0.5, 9);
  const BinauralScene scene = maker.make(clip, 1);
  EXPECT_FALSE(scene.noisy);
  EXPECT_NEAR(scene.source.azimuth_deg, 90.0, 1e-9);
  double left = 0.0, right = 0.0;
  for (size_t n = 0; n < static_cast<size_t>(clip.frames()); ++n) {
    left += double(scene.audio.channels[0][n]) * scene.audio.channels[0][n];
    right += double(scene.audio.channels[1][n]) * scene.audio.channels[1][n];
  }
  EXPECT_GT(left, 2.0 * right);
  EXPECT_GT(testing::lag_of(scene.audio.channels[0], scene.audio.channels[1], 20), 5);
}

TEST(BinauralSceneMaker, CleanScenesAreTheNormalisedDryClipOnBothEars) {
  BinauralSceneOptions options;
  options.mix.with_rir = false;
  options.mix.with_noise = false;
  const auto maker = BinauralSceneMaker::with_random_rooms(HrirSet::ideal_delta(kRate), quick_rooms(), options);
  const audio::AudioBuffer clip = white_noise(kRate, 0.25, 5);
  const BinauralScene scene = maker.make(clip, 1);
  EXPECT_FALSE(scene.reverberant);
  EXPECT_FALSE(scene.has_labels);
  EXPECT_EQ(scene.audio.channels[0], scene.audio.channels[1]);
  EXPECT_NEAR(rms_dbfs(scene.audio.channels[0]), -14.0, 1e-4);
}

TEST(BinauralSceneMaker, WrongInputsAreErrors) {
  const auto maker = BinauralSceneMaker::with_random_rooms(HrirSet::ideal_delta(kRate), quick_rooms());
  audio::AudioBuffer stereo = white_noise(kRate, 0.1, 1);
  stereo.channels.push_back(stereo.channels[0]);
  EXPECT_THROW(maker.make(stereo, 1), Error);
  const audio::AudioBuffer other_rate = white_noise(44100, 0.1, 1);
  try {
    maker.make(other_rate, 1);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("44100"), std::string::npos) << e.what();
  }
  EXPECT_THROW(BinauralSceneMaker(nullptr), Error);
}

}  // namespace
}  // namespace gramt::scene

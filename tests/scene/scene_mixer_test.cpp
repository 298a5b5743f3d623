#include "core/scene/scene_mixer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/common/error.h"
#include "core/scene/fft_convolution.h"

namespace gramt::scene {
namespace {

constexpr int kRate = 16000;

std::vector<float> noise_signal(size_t n, uint64_t seed, float scale = 0.1f) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> d(0.0f, scale);
  std::vector<float> x(n);
  for (auto& v : x) v = d(rng);
  return x;
}

// A decaying random two-channel response (stands in for a room; the mixer does not care).
ImpulseResponse decaying_response(size_t taps, uint64_t seed, float right_gain) {
  ImpulseResponse r(2, noise_signal(taps, seed, 1.0f));
  for (size_t n = 0; n < taps; ++n) {
    const float envelope = std::exp(-6.0f * static_cast<float>(n) / taps);
    r[0][n] *= envelope;
    r[1][n] *= envelope * right_gain;
  }
  r[0][0] = 1.0f;
  return r;
}

TEST(SceneMixer, SnrOverTheNoiseActiveWindowIsTheRequestedOne) {
  const auto source = noise_signal(16000, 1);
  const auto noise = noise_signal(6000, 2);  // shorter: placed somewhere inside
  const ImpulseResponse source_response = decaying_response(3000, 3, 0.7f);
  const std::vector<ImpulseResponse> noise_responses = {decaying_response(2500, 4, 0.3f), decaying_response(2000, 5, 1.5f)};
  MixOptions options;
  options.fixed_snr_db = 12.3;
  std::mt19937_64 rng(9);
  const MixedScene mixed = mix_scene(source, &noise, &source_response, &noise_responses, kRate, options, rng);
  ASSERT_TRUE(mixed.noisy);
  EXPECT_EQ(mixed.noise_length, noise.size());
  EXPECT_LE(mixed.noise_start + mixed.noise_length, source.size());
  EXPECT_NEAR(snr_db_over(mixed.source, mixed.noise, mixed.noise_start, mixed.noise_length), 12.3, 1e-3);
  for (size_t c = 0; c < 2; ++c)
    for (size_t n = 0; n < source.size(); n += 97)
      ASSERT_FLOAT_EQ(mixed.mixture[c][n], mixed.source[c][n] + mixed.noise[c][n]);

  // A drawn SNR lies in [5, 40] dB and is what the mixture has.
  MixOptions drawn;
  std::mt19937_64 rng2(10);
  const MixedScene random = mix_scene(source, &noise, &source_response, &noise_responses, kRate, drawn, rng2);
  EXPECT_GE(random.snr_db, 5.0);
  EXPECT_LE(random.snr_db, 40.0);
  EXPECT_NEAR(snr_db_over(random.source, random.noise, random.noise_start, random.noise_length), random.snr_db, 1e-3);
}

TEST(SceneMixer, OneGainForAllChannelsKeepsTheNoiseInterauralLevels) {
  const auto source = noise_signal(8000, 11);
  const auto noise = noise_signal(20000, 12);  // longer: a window is cut
  const ImpulseResponse source_response = decaying_response(500, 13, 1.0f);
  const std::vector<ImpulseResponse> noise_responses = {decaying_response(400, 14, 0.25f)};
  MixOptions options;
  options.fixed_snr_db = 20.0;
  std::mt19937_64 rng(15);
  std::mt19937_64 replay = rng;
  const MixedScene mixed = mix_scene(source, &noise, &source_response, &noise_responses, kRate, options, rng);
  const PlacedNoise placed = fade_and_place_noise(noise, source.size(), kRate, replay);
  const Channels unscaled = reverberate_noise(placed.signal, noise_responses, source.size());
  for (size_t c = 0; c < 2; ++c)
    for (size_t n = 0; n < source.size(); n += 31)
      ASSERT_NEAR(mixed.noise[c][n], mixed.noise_gain * unscaled[c][n], 1e-6);
  EXPECT_EQ(mixed.noise_start, 0u);
  EXPECT_EQ(mixed.noise_length, source.size());
}

TEST(SceneMixer, ShortNoiseIsFadedInAndOutAndPlacedInside) {
  const int rate = 1000;  // 0.2 s = 200 samples
  const std::vector<float> ones(600, 1.0f);
  std::mt19937_64 rng(21);
  const PlacedNoise placed = fade_and_place_noise(ones, 1000, rate, rng);
  ASSERT_EQ(placed.signal.size(), 1000u);
  EXPECT_EQ(placed.length, 600u);
  EXPECT_LT(placed.start, 400u);
  const size_t s = placed.start;
  EXPECT_FLOAT_EQ(placed.signal[s], 0.0f);
  EXPECT_NEAR(placed.signal[s + 100], 100.0 / 199.0, 1e-6);
  EXPECT_FLOAT_EQ(placed.signal[s + 199], 1.0f);
  EXPECT_FLOAT_EQ(placed.signal[s + 300], 1.0f);
  EXPECT_FLOAT_EQ(placed.signal[s + 400], 1.0f);
  EXPECT_NEAR(placed.signal[s + 499], 1.0 - 99.0 / 199.0, 1e-6);  // 100th sample of the fade-out
  EXPECT_FLOAT_EQ(placed.signal[s + 599], 0.0f);
  for (size_t n = 0; n < s; ++n) ASSERT_EQ(placed.signal[n], 0.0f);
  for (size_t n = s + 600; n < 1000; ++n) ASSERT_EQ(placed.signal[n], 0.0f);
  // The placement is random: another seed puts it elsewhere (for this seed pair).
  std::mt19937_64 other(22);
  EXPECT_NE(fade_and_place_noise(ones, 1000, rate, other).start, placed.start);
}

TEST(SceneMixer, LongNoiseIsARandomWindowWithAFadeOutOnly) {
  const int rate = 1000;
  std::vector<float> ramp(1500);
  for (size_t i = 0; i < ramp.size(); ++i) ramp[i] = static_cast<float>(i + 1);
  std::mt19937_64 rng(23);
  const PlacedNoise placed = fade_and_place_noise(ramp, 1000, rate, rng);
  EXPECT_EQ(placed.start, 0u);
  EXPECT_EQ(placed.length, 1000u);
  const size_t offset = static_cast<size_t>(placed.signal[0]) - 1;  // the first sample is untouched
  EXPECT_LT(offset, 500u);
  for (size_t n = 0; n < 800; ++n) ASSERT_EQ(placed.signal[n], ramp[offset + n]) << n;
  EXPECT_NEAR(placed.signal[900], ramp[offset + 900] * (1.0 - 100.0 / 199.0), 1e-3);
  EXPECT_EQ(placed.signal[999], 0.0f);
}

TEST(SceneMixer, NoiseThroughSeveralResponsesIsTheSumOfEach) {
  const auto noise = noise_signal(3000, 31);
  const std::vector<ImpulseResponse> responses = {decaying_response(300, 32, 0.5f), decaying_response(200, 33, 2.0f)};
  const Channels summed = reverberate_noise(noise, responses, noise.size());
  for (size_t c = 0; c < 2; ++c) {
    const auto a = convolve_truncated(noise, responses[0][c], noise.size());
    const auto b = convolve_truncated(noise, responses[1][c], noise.size());
    for (size_t n = 0; n < noise.size(); n += 7) ASSERT_NEAR(summed[c][n], a[n] + b[n], 1e-4);
  }
  const std::vector<ImpulseResponse> mismatched = {decaying_response(10, 1, 1.0f), ImpulseResponse(1, std::vector<float>(10))};
  EXPECT_THROW(reverberate_noise(noise, mismatched, noise.size()), Error);
}

TEST(SceneMixer, WithoutRoomsTheDrySourceIsOnEveryChannel) {
  const auto source = noise_signal(4000, 41);
  const auto noise = noise_signal(4000, 42);
  MixOptions options;
  options.with_rir = false;
  options.with_noise = false;
  std::mt19937_64 rng(43);
  const MixedScene clean = mix_scene(source, &noise, nullptr, nullptr, kRate, options, rng);
  EXPECT_FALSE(clean.noisy);
  ASSERT_EQ(clean.mixture.size(), 2u);
  EXPECT_EQ(clean.mixture[0], source);
  EXPECT_EQ(clean.mixture[1], source);

  options.with_noise = true;
  options.fixed_snr_db = 10.0;
  const MixedScene noisy = mix_scene(source, &noise, nullptr, nullptr, kRate, options, rng);
  EXPECT_EQ(noisy.mixture[0], noisy.mixture[1]);
  EXPECT_NEAR(snr_db_over(noisy.source, noisy.noise, noisy.noise_start, noisy.noise_length), 10.0, 1e-3);

  options.with_rir = true;  // but no response given
  EXPECT_THROW(mix_scene(source, &noise, nullptr, nullptr, kRate, options, rng), Error);
}

TEST(SceneMixer, RmsNormalisationReachesTheTargetLevel) {
  auto x = noise_signal(5000, 51, 0.3f);
  normalise_rms(x);
  EXPECT_NEAR(rms_dbfs(x), -14.0, 1e-5);
  normalise_rms(x, -20.0);
  EXPECT_NEAR(rms_dbfs(x), -20.0, 1e-5);
  std::vector<float> silence(100, 0.0f);
  normalise_rms(silence);
  EXPECT_EQ(silence, std::vector<float>(100, 0.0f));
}

}  // namespace
}  // namespace gramt::scene

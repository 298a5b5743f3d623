// Binaural cues on synthetic signals whose ITD, ILD and coherence are known by construction.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/analysis/binaural_cues.h"
#include "core/common/error.h"
#include "core/scene/fractional_delay.h"

using namespace gramt::analysis;

namespace {

constexpr int kRate = 32000;
const double kMinus6dB = std::pow(10.0, -6.0 / 20.0);

std::vector<float> white_noise(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> g(0.0f, 0.1f);
  std::vector<float> x(n);
  for (float& v : x) v = g(rng);
  return x;
}

// source delayed by `delay` samples (windowed sinc; exact for whole samples) and scaled by `gain`.
std::vector<float> delayed(const std::vector<float>& source, double delay, double gain) {
  std::vector<float> out(source.size(), 0.0f);
  gramt::scene::add_delayed(out, source.data(), source.size(), delay, gain);
  return out;
}

StereoBlock whole(const std::vector<float>& l, const std::vector<float>& r) {
  return {l.data(), r.data(), 0, static_cast<int64_t>(l.size()), static_cast<int64_t>(l.size())};
}

}  // namespace

TEST(BinauralCues, DelayedAttenuatedRightEarGivesNegativeItdAndIld) {
  // Right = left delayed by 10 samples and 6 dB quieter: the source is on the left, so both cues
  // are negative under the "positive = towards the right" convention.
  const auto left = white_noise(kRate, 1);
  const auto right = delayed(left, 10.0, kMinus6dB);
  const BinauralCueAnalyser analyser;
  const int64_t frames = analyser.frame_count(kRate);
  ASSERT_EQ(frames, 101);
  const BinauralCueFrames cues = analyser.analyse(whole(left, right), 0, frames);
  ASSERT_EQ(cues.bands, 128);
  for (int64_t f = 3; f < frames - 3; ++f) {  // frames that lie wholly inside the clip
    EXPECT_NEAR(cues.itd_seconds[f] * kRate, -10.0, 0.02) << "frame " << f;
    EXPECT_GT(cues.coherence[f], 0.97) << "frame " << f;
    EXPECT_LE(cues.coherence[f], 1.0f);
  }
  // Per frame, the lowest mel bands hold one or two FFT bins, whose windowed energies differ between
  // the two ears by the 10 samples that enter and leave the window; over the clip every band is −6 dB.
  double mean_ild = 0;
  for (int64_t b = 0; b < cues.bands; ++b) {
    double band_mean = 0;
    for (int64_t f = 3; f < frames - 3; ++f) band_mean += cues.ild_db[f * cues.bands + b];
    band_mean /= static_cast<double>(frames - 6);
    EXPECT_NEAR(band_mean, -6.0, 0.3) << "band " << b;
    mean_ild += band_mean / static_cast<double>(cues.bands);
  }
  EXPECT_NEAR(mean_ild, -6.0, 0.05);
}

TEST(BinauralCues, FractionalDelayIsResolvedWithinATenthOfASample) {
  const auto left = white_noise(kRate, 2);
  const BinauralCueAnalyser analyser;
  for (double delay : {10.3, -4.75, 0.5}) {
    const auto right = delayed(left, delay, 1.0);
    const BinauralCueFrames cues = analyser.analyse(whole(left, right), 5, 90);
    double worst = 0;
    for (int64_t f = 0; f < cues.frames; ++f) worst = std::max(worst, std::abs(cues.itd_seconds[f] * kRate + delay));
    EXPECT_LT(worst, 0.1) << "delay " << delay;
  }
}

TEST(BinauralCues, LeftEarLaggingGivesPositiveItd) {
  const auto right = white_noise(kRate / 2, 3);
  const auto left = delayed(right, 7.0, 1.0);
  const BinauralCueFrames cues = BinauralCueAnalyser().analyse(whole(left, right), 10, 20);
  for (float itd : cues.itd_seconds) EXPECT_NEAR(itd * kRate, 7.0, 0.02);
  double mean_ild = 0;
  for (float ild : cues.ild_db) mean_ild += ild / static_cast<double>(cues.ild_db.size());
  EXPECT_NEAR(mean_ild, 0.0, 0.1);
}

TEST(BinauralCues, UncorrelatedEarsHaveLowCoherence) {
  const auto left = white_noise(kRate, 4), right = white_noise(kRate, 5);
  const BinauralCueFrames cues = BinauralCueAnalyser().analyse(whole(left, right), 3, 90);
  double mean = 0;
  for (float c : cues.coherence) mean += c;
  EXPECT_LT(mean / static_cast<double>(cues.frames), 0.2);
}

TEST(BinauralCues, SilentEarHasNoItd) {
  const auto left = white_noise(kRate / 4, 6);
  const std::vector<float> right(left.size(), 0.0f);
  const BinauralCueFrames cues = BinauralCueAnalyser().analyse(whole(left, right), 0, 10);
  for (int64_t f = 0; f < 10; ++f) {
    EXPECT_TRUE(std::isnan(cues.itd_seconds[f]));
    EXPECT_TRUE(std::isnan(cues.coherence[f]));
    EXPECT_LT(cues.ild_db[f * cues.bands + 40], -60.0f);  // right silent: strongly towards the left
  }
}

TEST(BinauralCues, PerBandItdAndCoherence) {
  BinauralCueSettings settings;
  settings.itd_band_edges_hz = {200, 1000, 4000};
  const BinauralCueAnalyser analyser(settings);
  const auto left = white_noise(kRate / 2, 7);
  const auto right = delayed(left, 10.0, 1.0);
  const BinauralCueFrames cues = analyser.analyse(whole(left, right), 5, 30);
  ASSERT_EQ(cues.itd_bands, 2);
  for (int64_t f = 0; f < cues.frames; ++f)
    for (int64_t b = 0; b < 2; ++b) {
      EXPECT_NEAR(cues.band_itd_seconds[f * 2 + b] * kRate, -10.0, 0.1) << "frame " << f << " band " << b;
      EXPECT_GT(cues.band_coherence[f * 2 + b], 0.95f);
    }
}

TEST(BinauralCues, AFrameRangeFromABlockEqualsTheWholeClip) {
  const auto left = white_noise(kRate, 8);
  const auto right = delayed(left, 3.4, 0.7);
  const BinauralCueAnalyser analyser;
  const BinauralCueFrames all = analyser.analyse(whole(left, right), 0, analyser.frame_count(kRate));
  const SampleRange need = analyser.samples_needed(40, 20, kRate);
  EXPECT_EQ(need.begin, 40 * 320 - 512);
  EXPECT_EQ(need.end, 59 * 320 + 512);
  const StereoBlock block{left.data() + need.begin, right.data() + need.begin, need.begin, need.end - need.begin, kRate};
  const BinauralCueFrames part = analyser.analyse(block, 40, 20);
  for (int64_t f = 0; f < 20; ++f) {
    EXPECT_EQ(part.itd_seconds[f], all.itd_seconds[40 + f]);
    EXPECT_EQ(part.coherence[f], all.coherence[40 + f]);
    for (int64_t b = 0; b < part.bands; ++b)
      EXPECT_EQ(part.ild_db[f * part.bands + b], all.ild_db[(40 + f) * all.bands + b]);
  }
  const StereoBlock short_block{block.left, block.right, block.first_sample, block.length - 1, kRate};
  try {
    analyser.analyse(short_block, 40, 20);
    FAIL() << "no error";
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("need samples"), std::string::npos) << e.what();
  }
  EXPECT_THROW(analyser.analyse(whole(left, right), 100, 2), gramt::Error);  // past the last frame
}

TEST(BinauralCues, BadSettingsAreNamed) {
  BinauralCueSettings s;
  s.frame_length = 1000;
  EXPECT_THROW(BinauralCueAnalyser{s}, gramt::Error);
  s = {};
  s.itd_band_edges_hz = {1000, 500};
  EXPECT_THROW(BinauralCueAnalyser{s}, gramt::Error);
  s = {};
  s.max_itd_seconds = 0.0;
  EXPECT_THROW(BinauralCueAnalyser{s}, gramt::Error);
}

TEST(MidSide, HalfSumAndHalfDifference) {
  const std::vector<float> l{1.0f, 0.5f, -2.0f}, r{1.0f, -0.5f, 2.0f};
  const MidSide ms = mid_side(l.data(), r.data(), 3);
  EXPECT_EQ(ms.mid, (std::vector<float>{1.0f, 0.0f, 0.0f}));
  EXPECT_EQ(ms.side, (std::vector<float>{0.0f, 0.5f, -2.0f}));
}

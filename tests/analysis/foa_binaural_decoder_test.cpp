// Binaural decoding of AmbiX through virtual loudspeakers: the decoder's gains (sum to W, point at the
// source), exact overlap-add across blocks (ideal-delta HRIRs give W in both ears), and through the
// KEMAR set (at 32 and 48 kHz) a plane wave from the left is louder in the left ear, from the right in
// the right ear, and about as loud as W.
#include "core/analysis/foa_binaural_decoder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>

#include "core/audio/ambisonic_format.h"
#include "core/common/error.h"

using namespace gramt;
using analysis::FoaBinauralDecoder;

namespace {

constexpr int kRate = 32000;

std::vector<std::vector<float>> plane_wave(double azimuth, double elevation, size_t n) {
  std::mt19937 rng(5);
  std::normal_distribution<float> d(0.0f, 0.1f);
  const auto g = audio::ambix_plane_wave_gains(azimuth, elevation);
  std::vector<std::vector<float>> c(4, std::vector<float>(n));
  for (size_t i = 0; i < n; ++i) {
    const float s = d(rng);
    c[0][i] = static_cast<float>(g.w) * s;
    c[1][i] = static_cast<float>(g.y) * s;
    c[2][i] = static_cast<float>(g.z) * s;
    c[3][i] = static_cast<float>(g.x) * s;
  }
  return c;
}

double level_db(const std::vector<float>& x) {
  double sum = 0;
  for (float v : x) sum += static_cast<double>(v) * v;
  return 10.0 * std::log10(sum / static_cast<double>(x.size()) + 1e-30);
}

}  // namespace

TEST(FoaBinauralDecoder, SpeakerGainsKeepWAndFavourTheSourcesCorner) {
  const auto& speakers = FoaBinauralDecoder::loudspeakers();
  ASSERT_EQ(speakers.size(), 8u);
  for (size_t l = 0; l < speakers.size(); ++l) {
    const auto g = audio::ambix_plane_wave_gains(speakers[l].azimuth_deg, speakers[l].elevation_deg);
    const auto gains = FoaBinauralDecoder::loudspeaker_gains(g.w, g.y, g.z, g.x);
    double sum = 0;
    for (double v : gains) sum += v;
    EXPECT_NEAR(sum, 1.0, 1e-12);
    for (size_t other = 0; other < gains.size(); ++other)
      if (other != l) {
        EXPECT_GT(gains[l], gains[other]);
      }
  }
}

TEST(FoaBinauralDecoder, IdealDeltaHrirsGiveWInBothEarsAcrossBlocks) {
  // Longer than one decoding block, so overlap-add must join blocks without a seam.
  const auto ambix = plane_wave(70, 20, 150000);
  const FoaBinauralDecoder decoder(scene::HrirSet::ideal_delta(kRate));
  const analysis::EarSignals ears = decoder.decode(ambix, {}, "test");
  ASSERT_EQ(ears.left.size(), ambix[0].size());
  for (size_t i = 0; i < ears.left.size(); i += 37) {
    ASSERT_NEAR(ears.left[i], ambix[0][i], 1e-5) << i;
    ASSERT_NEAR(ears.right[i], ambix[0][i], 1e-5) << i;
  }
}

TEST(FoaBinauralDecoder, KemarPlaneWaveFromTheLeftIsLouderInTheLeftEar) {
  if (!std::filesystem::exists(analysis::kKemarSofaPath)) GTEST_SKIP() << "no " << analysis::kKemarSofaPath;
  for (int rate : {kRate, 48000}) {  // the set is resampled to the file's rate
    const FoaBinauralDecoder decoder(scene::HrirSet::open_sofa(analysis::kKemarSofaPath, rate));
    EXPECT_EQ(decoder.sample_rate(), rate);
    EXPECT_NE(decoder.description().find("max-rE"), std::string::npos);
    const auto left_wave = plane_wave(90, 0, static_cast<size_t>(rate / 2));
    const analysis::EarSignals from_left = decoder.decode(left_wave, {}, "left");
    const analysis::EarSignals from_right = decoder.decode(plane_wave(-90, 0, static_cast<size_t>(rate / 2)), {}, "right");
    const double left_ild = level_db(from_left.left) - level_db(from_left.right);
    const double right_ild = level_db(from_right.right) - level_db(from_right.left);
    EXPECT_GT(left_ild, 3.0) << rate;
    EXPECT_GT(right_ild, 3.0) << rate;
    // A source in front reaches both ears about equally.
    const analysis::EarSignals front = decoder.decode(plane_wave(0, 0, static_cast<size_t>(rate / 2)), {}, "front");
    EXPECT_LT(std::abs(level_db(front.left) - level_db(front.right)), 1.5) << rate;
    // Switching between W alone and binaural must not jump in loudness: the near ear is about as loud as W.
    EXPECT_LT(std::abs(level_db(from_left.left) - level_db(left_wave[0])), 6.0) << rate;
  }
}

TEST(FoaBinauralDecoder, WrongChannelCountIsNamed) {
  const FoaBinauralDecoder decoder(scene::HrirSet::ideal_delta(kRate));
  try {
    decoder.decode(std::vector<std::vector<float>>(3, std::vector<float>(10)), {}, "clip.wav");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("clip.wav"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("got 3"), std::string::npos);
  }
}

TEST(FoaBinauralDecoder, CancelStopsDecoding) {
  const FoaBinauralDecoder decoder(scene::HrirSet::ideal_delta(kRate));
  std::atomic<bool> cancel{true};
  ProgressSink progress;
  progress.cancel = &cancel;
  EXPECT_THROW(decoder.decode(plane_wave(0, 0, 1000), progress, "test"), Cancelled);
}

#include "core/analysis/foa_normalisation_check.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/scene/fft_convolution.h"
#include "core/scene/hrir_set.h"
#include "core/scene/shoebox_room.h"

using gramt::audio::FoaFormat;
namespace analysis = gramt::analysis;

namespace {

// White noise arriving as a plane wave from (azimuth, elevation), AmbiX.
std::vector<std::vector<float>> plane_wave(double azimuth, double elevation, size_t n, uint32_t seed = 1) {
  const auto g = gramt::audio::ambix_plane_wave_gains(azimuth, elevation);
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0.0f, 0.1f);
  std::vector<std::vector<float>> c(4, std::vector<float>(n));
  for (size_t i = 0; i < n; ++i) {
    const float s = noise(rng);
    c[0][i] = static_cast<float>(g.w) * s;
    c[1][i] = static_cast<float>(g.y) * s;
    c[2][i] = static_cast<float>(g.z) * s;
    c[3][i] = static_cast<float>(g.x) * s;
  }
  return c;
}

// A sound heard by an ideal FOA microphone in a reverberant room (AmbiX).
std::vector<std::vector<float>> in_a_room(const std::vector<float>& dry) {
  using namespace gramt::scene;
  const ShoeboxRoom room = ShoeboxRoom::with_reverberation_time({9, 7, 3.5}, 0.8);
  BrirOptions options;
  options.seed = 5;
  const auto response = room.render({6.0, 4.5, 1.4}, {{4.5, 4.0, 1.6}, 0.0}, HrirSet::first_order_ambisonics(32000), options);
  return convolve_truncated_each(dry, response, dry.size());
}

}  // namespace

TEST(FoaNormalisationCheck, FumaOrN3dGivenAsAmbixIsWarnedAbout) {
  const auto ambix = plane_wave(30.0, 20.0, 32000);
  EXPECT_NEAR(analysis::foa_directional_energy_ratio(ambix, FoaFormat::kAmbiX), 1.0, 1e-3);
  EXPECT_FALSE(analysis::foa_normalisation_warning(ambix, FoaFormat::kAmbiX, "a.wav"));
  // FuMa channels read as AmbiX: W is 1/√2 and the directional channels are shuffled, not weaker.
  const auto fuma = gramt::audio::convert_foa(ambix, FoaFormat::kAmbiX, FoaFormat::kFuMa, "test");
  const auto warning = analysis::foa_normalisation_warning(fuma, FoaFormat::kAmbiX, "a.wav");
  ASSERT_TRUE(warning);
  EXPECT_NE(warning->find("a.wav"), std::string::npos);
  EXPECT_NE(warning->find("FuMa"), std::string::npos);
  const auto n3d = gramt::audio::convert_foa(ambix, FoaFormat::kAmbiX, FoaFormat::kN3D, "test");
  const auto n3d_warning = analysis::foa_normalisation_warning(n3d, FoaFormat::kAmbiX, "b.wav");
  ASSERT_TRUE(n3d_warning);
  EXPECT_NE(n3d_warning->find("N3D"), std::string::npos);
  // Declared correctly, no warning.
  EXPECT_FALSE(analysis::foa_normalisation_warning(fuma, FoaFormat::kFuMa, "a.wav"));
  EXPECT_FALSE(analysis::foa_normalisation_warning(n3d, FoaFormat::kN3D, "b.wav"));
}

TEST(FoaNormalisationCheck, ReverberantRoomsAreNoReasonToWarnButFumaInThemIs) {
  std::mt19937 rng(3);
  std::normal_distribution<float> noise(0.0f, 0.1f);
  std::vector<float> dry(32000);
  for (auto& v : dry) v = noise(rng);
  const auto room = in_a_room(dry);
  const double ratio = analysis::foa_directional_energy_ratio(room, FoaFormat::kAmbiX);
  EXPECT_GT(ratio, 0.7);
  EXPECT_LT(ratio, 1.5);
  EXPECT_FALSE(analysis::foa_normalisation_warning(room, FoaFormat::kAmbiX, "room.wav"));
  const auto fuma = gramt::audio::convert_foa(room, FoaFormat::kAmbiX, FoaFormat::kFuMa, "test");
  EXPECT_TRUE(analysis::foa_normalisation_warning(fuma, FoaFormat::kAmbiX, "room.wav"));
}

TEST(FoaNormalisationCheck, ASustainedToneInARoomGivesNoVerdict) {
  // One partial in a reverberant room: standing waves can put more energy in X, Y, Z than in W at the
  // microphone, and one frequency cannot tell that from FuMa.
  std::vector<float> tone(32000);
  for (size_t i = 0; i < tone.size(); ++i) tone[i] = static_cast<float>(0.3 * std::sin(2.0 * M_PI * 523.25 * i / 32000.0));
  const auto room = in_a_room(tone);
  EXPECT_TRUE(std::isnan(analysis::foa_directional_energy_ratio(room, FoaFormat::kAmbiX)));
  EXPECT_FALSE(analysis::foa_normalisation_warning(room, FoaFormat::kAmbiX, "tone.wav"));
  std::vector<std::vector<float>> silence(4, std::vector<float>(4096, 0.0f));
  EXPECT_FALSE(analysis::foa_normalisation_warning(silence, FoaFormat::kAmbiX, "quiet.wav"));
}

#include "core/audio/ambisonic_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/common/error.h"

using namespace gramt;
using audio::FoaFormat;

namespace {

std::vector<std::vector<float>> random_foa(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> d;
  std::vector<std::vector<float>> c(4, std::vector<float>(n));
  for (auto& ch : c)
    for (auto& v : ch) v = d(rng);
  return c;
}

// A plane wave from (azimuth, elevation) in AmbiX.
std::vector<std::vector<float>> plane_wave(double azimuth, double elevation, size_t n) {
  const auto g = audio::ambix_plane_wave_gains(azimuth, elevation);
  std::vector<std::vector<float>> c(4, std::vector<float>(n));
  for (size_t i = 0; i < n; ++i) {
    const float s = static_cast<float>(std::sin(0.05 * static_cast<double>(i)));
    c[0][i] = static_cast<float>(g.w) * s;
    c[1][i] = static_cast<float>(g.y) * s;
    c[2][i] = static_cast<float>(g.z) * s;
    c[3][i] = static_cast<float>(g.x) * s;
  }
  return c;
}

}  // namespace

TEST(AmbisonicFormat, RoundTripsThroughEveryFormatAreExactToFloatPrecision) {
  const auto ambix = random_foa(4096, 7);
  for (FoaFormat f : {FoaFormat::kN3D, FoaFormat::kFuMa, FoaFormat::kWxyz}) {
    const auto there = audio::convert_foa(ambix, FoaFormat::kAmbiX, f, "test");
    const auto back = audio::convert_foa(there, f, FoaFormat::kAmbiX, "test");
    for (size_t k = 0; k < 4; ++k)
      for (size_t i = 0; i < ambix[k].size(); ++i)
        ASSERT_NEAR(back[k][i], ambix[k][i], 2.0f * std::numeric_limits<float>::epsilon() * std::abs(ambix[k][i]))
            << audio::foa_format_name(f) << " channel " << k;
  }
}

TEST(AmbisonicFormat, FumaPutsAHalfPowerWFirstAndXBeforeY) {
  const auto ambix = plane_wave(90.0, 0.0, 64);  // from the left: Y = W, X = Z = 0
  const auto fuma = audio::convert_foa(ambix, FoaFormat::kAmbiX, FoaFormat::kFuMa, "test");
  EXPECT_NEAR(fuma[0][10], ambix[0][10] / std::sqrt(2.0f), 1e-6);
  EXPECT_NEAR(fuma[1][10], 0.0f, 1e-6);          // X
  EXPECT_NEAR(fuma[2][10], ambix[0][10], 1e-6);  // Y
  const auto n3d = audio::convert_foa(ambix, FoaFormat::kAmbiX, FoaFormat::kN3D, "test");
  EXPECT_NEAR(n3d[1][10], std::sqrt(3.0f) * ambix[1][10], 1e-6);
  const auto wxyz = audio::convert_foa(ambix, FoaFormat::kAmbiX, FoaFormat::kWxyz, "test");
  EXPECT_EQ(wxyz[2], ambix[1]);  // Y is third in W X Y Z
  EXPECT_EQ(wxyz[1], ambix[3]);
}

TEST(AmbisonicFormat, ThePlaneWaveGainsPointAlongTheLabelAxes) {
  auto g = audio::ambix_plane_wave_gains(0.0, 0.0);
  EXPECT_NEAR(g.x, 1.0, 1e-12);
  g = audio::ambix_plane_wave_gains(90.0, 0.0);
  EXPECT_NEAR(g.y, 1.0, 1e-12);
  g = audio::ambix_plane_wave_gains(0.0, 90.0);
  EXPECT_NEAR(g.z, 1.0, 1e-12);
}

TEST(AmbisonicFormat, BadInputIsNamed) {
  try {
    audio::parse_foa_format("bformat", "--foa-format");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--foa-format"), std::string::npos);
  }
  std::vector<std::vector<float>> three(3, std::vector<float>(8));
  EXPECT_THROW(audio::convert_foa(three, FoaFormat::kAmbiX, FoaFormat::kFuMa, "x.wav"), Error);
}

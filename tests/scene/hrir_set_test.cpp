#include "core/scene/hrir_set.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "scene_test_helpers.h"

namespace gramt::scene {
namespace {

using testing::kKemarSofa;

double energy(const std::vector<float>& x) {
  double e = 0.0;
  for (float v : x) e += double(v) * v;
  return e;
}

TEST(HrirSet, KemarSourceOnTheLeftReachesTheLeftEarFirstAndLouder) {
  if (testing::kemar_32k() == nullptr) GTEST_SKIP() << kKemarSofa << " is not installed (package libmysofa1)";
  const HrirSet& kemar = *testing::kemar_32k();
  EXPECT_EQ(kemar.sample_rate(), 32000);
  ASSERT_GT(kemar.length(), 100);
  const HrirPair left_source = kemar.lookup(90.0, 0.0);
  ASSERT_EQ(left_source.left.size(), static_cast<size_t>(kemar.length()));
  // About 0.7 ms of interaural delay: the right ear trails by ~22 samples at 32 kHz.
  const int lag = testing::lag_of(left_source.left, left_source.right, 40);
  EXPECT_GE(lag, 15);
  EXPECT_LE(lag, 30);
  EXPECT_GT(energy(left_source.left), 4.0 * energy(left_source.right));
  // The set is left/right symmetric: a source on the right mirrors it.
  const HrirPair right_source = kemar.lookup(270.0, 0.0);
  EXPECT_EQ(testing::lag_of(right_source.left, right_source.right, 40), -lag);
}

TEST(HrirSet, CorruptSofaFileIsAnErrorNamingIt) {
  const auto dir = testing::fresh_dir("corrupt_sofa");
  const std::string path = (dir / "broken.sofa").string();
  {
    std::ofstream out(path, std::ios::binary);
    out << "this is not an HDF5 file, whatever its name says";
  }
  try {
    HrirSet::open_sofa(path, 32000);
    FAIL() << "a corrupt SOFA file was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("libmysofa"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(HrirSet, TruncatedSofaFileIsAnError) {
  if (!std::filesystem::exists(kKemarSofa)) GTEST_SKIP() << kKemarSofa << " is not installed";
  const auto dir = testing::fresh_dir("truncated_sofa");
  const std::string path = (dir / "cut.sofa").string();
  {
    std::ifstream in(kKemarSofa, std::ios::binary);
    std::vector<char> head(4096);
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    std::ofstream out(path, std::ios::binary);
    out.write(head.data(), in.gcount());
  }
  try {
    HrirSet::open_sofa(path, 48000);
    FAIL() << "a truncated SOFA file was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(HrirSet, MissingSofaFileIsAnErrorNamingIt) {
  try {
    HrirSet::open_sofa("/nonexistent/head.sofa", 32000);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/head.sofa"), std::string::npos) << e.what();
  }
}

TEST(HrirSet, SphericalHeadHasInterauralCuesOnlyOffTheMedianPlane) {
  const HrirSet head = HrirSet::spherical_head(48000);
  const HrirPair front = head.lookup(0.0, 0.0);
  EXPECT_EQ(front.left, front.right);
  const HrirPair left = head.lookup(90.0, 0.0);
  // Woodworth: (a/c)(1 + π/2) ≈ 0.656 ms between the ears for a = 8.75 cm → ~31 samples at 48 kHz.
  const int lag = testing::lag_of(left.left, left.right, 60);
  EXPECT_NEAR(lag, 0.0875 / 343.0 * (1.0 + std::acos(-1.0) / 2.0) * 48000, 3.0);
  EXPECT_GT(energy(left.left), 2.0 * energy(left.right));
}

TEST(HrirSet, TableAnswersWithTheNearestDirection) {
  HrirPair a, b;
  a.left = {1.0f, 0.0f};
  a.right = {0.0f, 1.0f};
  b.left = {0.0f, 1.0f};
  b.right = {1.0f, 0.0f};
  const HrirSet table = HrirSet::from_table("two directions", 16000, {{90.0, 0.0}, {270.0, 0.0}}, {a, b});
  EXPECT_EQ(table.lookup(80.0, 20.0).left, a.left);
  EXPECT_EQ(table.lookup(-100.0, 0.0).left, b.left);
  EXPECT_THROW(HrirSet::from_table("bad", 16000, {{0.0, 0.0}}, {a, b}), Error);
  HrirPair uneven = a;
  uneven.right = {1.0f};
  EXPECT_THROW(HrirSet::from_table("bad", 16000, {{0.0, 0.0}}, {uneven}), Error);
}

TEST(HrirSet, HorizontalWavHoldsLeftRightPairsPerAzimuth) {
  const auto dir = testing::fresh_dir("horizontal_wav");
  audio::AudioBuffer wav;
  wav.sample_rate = 16000;
  // Two azimuths (0° and 180°), each a (left, right) pair of 8 taps with distinct markers.
  for (int c = 0; c < 4; ++c) {
    std::vector<float> ch(8, 0.0f);
    ch[static_cast<size_t>(c)] = 0.5f;
    wav.channels.push_back(ch);
  }
  const std::string path = (dir / "two_azimuths.wav").string();
  audio::write_wav(path, wav);
  const HrirSet set = HrirSet::open_horizontal_wav(path, 16000);
  EXPECT_EQ(set.length(), 8);
  const HrirPair back = set.lookup(170.0, 30.0);
  EXPECT_FLOAT_EQ(back.left[2], 0.5f);
  EXPECT_FLOAT_EQ(back.right[3], 0.5f);
  const HrirPair front = set.lookup(10.0, 0.0);
  EXPECT_FLOAT_EQ(front.left[0], 0.5f);
  EXPECT_FLOAT_EQ(front.right[1], 0.5f);

  wav.channels.pop_back();
  const std::string odd = (dir / "three_channels.wav").string();
  audio::write_wav(odd, wav);
  try {
    HrirSet::open_horizontal_wav(odd, 16000);
    FAIL() << "an odd channel count was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(odd), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace gramt::scene

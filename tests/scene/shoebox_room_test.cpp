#include "core/scene/shoebox_room.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/common/error.h"
#include "core/scene/decay_measurement.h"
#include "core/scene/reverberation_formulas.h"
#include "scene_test_helpers.h"

namespace gramt::scene {
namespace {

constexpr int kRate = 32000;
constexpr double kC = 343.0;

BrirOptions direct_only() {
  BrirOptions o;
  o.max_order = 0;
  o.diffuse_tail = false;
  return o;
}

ShoeboxRoom rigid_room(Vec3 dims) { return ShoeboxRoom::from_reflection_coefficients(dims, {1, 1, 1, 1, 1, 1}); }

TEST(ShoeboxRoom, DirectSoundArrivesAfterDistanceOverC) {
  const HrirSet delta = HrirSet::ideal_delta(kRate);
  const ShoeboxRoom room = rigid_room({6, 5, 3});
  const ListenerPose listener{{2.0, 2.0, 1.5}, 0.0};
  const double distance = 100.0 * kC / kRate;  // exactly 100 samples of travel
  const ImpulseResponse brir = room.render({2.0 + distance, 2.0, 1.5}, listener, delta, direct_only());
  ASSERT_EQ(brir.size(), 2u);
  for (const auto& ear : brir) {
    EXPECT_EQ(testing::argmax_abs(ear), 100u);
    EXPECT_NEAR(ear[100], 1.0 / distance, 1e-6);
    EXPECT_NEAR(ear[99], 0.0, 1e-7);
    EXPECT_NEAR(ear[101], 0.0, 1e-7);
  }
}

TEST(ShoeboxRoom, FractionalDelaysKeepSubSamplePrecision) {
  const HrirSet delta = HrirSet::ideal_delta(kRate);
  const ShoeboxRoom room = rigid_room({6, 5, 3});
  const ListenerPose listener{{1.0, 2.0, 1.5}, 0.0};
  const double distance = 2.0;  // 186.589 samples
  const ImpulseResponse brir = room.render({1.0, 4.0, 1.5}, listener, delta, direct_only());
  const double expected = distance / kC * kRate;
  EXPECT_EQ(testing::argmax_abs(brir[0]), static_cast<size_t>(std::lround(expected)));
  EXPECT_NEAR(testing::group_delay_samples(brir[0], kRate, 1000.0), expected, 0.01);
}

TEST(ShoeboxRoom, AmplitudeFallsAsOneOverDistance) {
  const HrirSet delta = HrirSet::ideal_delta(kRate);
  const ShoeboxRoom room = rigid_room({8, 5, 3});
  const ListenerPose listener{{1.0, 2.5, 1.5}, 0.0};
  const double near = 50.0 * kC / kRate, far = 150.0 * kC / kRate;  // whole-sample delays
  const ImpulseResponse a = room.render({1.0 + near, 2.5, 1.5}, listener, delta, direct_only());
  const ImpulseResponse b = room.render({1.0 + far, 2.5, 1.5}, listener, delta, direct_only());
  EXPECT_NEAR(a[0][50] / b[0][150], far / near, 1e-5);
  EXPECT_NEAR(a[0][50] / b[0][150], 3.0, 1e-5);
}

TEST(ShoeboxRoom, FirstOrderReflectionsArriveFromTheMirroredSources) {
  const HrirSet delta = HrirSet::ideal_delta(kRate);
  const Vec3 dims{5, 4, 3};
  const ShoeboxRoom room = rigid_room(dims);
  const Vec3 source{2.5, 3.4, 1.4};
  const ListenerPose listener{{2.9, 3.1, 2.1}, 0.0};
  BrirOptions options;
  options.max_order = 1;
  options.diffuse_tail = false;
  const ImpulseResponse brir = room.render(source, listener, delta, options);

  // The source and its mirror images in the six walls.
  const std::vector<Vec3> expected = {source,
                                      {-source.x, source.y, source.z},
                                      {2 * dims.x - source.x, source.y, source.z},
                                      {source.x, -source.y, source.z},
                                      {source.x, 2 * dims.y - source.y, source.z},
                                      {source.x, source.y, -source.z},
                                      {source.x, source.y, 2 * dims.z - source.z}};
  EXPECT_EQ(room.image_sources(source, 1).size(), expected.size());
  double first_arrival = 1e9;
  for (const auto& image : expected) {
    const double d = norm(image - listener.position);
    const double delay = d / kC * kRate;
    first_arrival = std::min(first_arrival, delay);
    const long nearest = std::lround(delay);
    // The arrival peaks at its nearest sample, and its interpolator sums to the 1/r gain.
    size_t peak = static_cast<size_t>(nearest - 10);
    double area = 0.0;
    for (long n = nearest - 16; n <= nearest + 16; ++n) {
      area += brir[0][static_cast<size_t>(n)];
      if (n >= nearest - 10 && n <= nearest + 10 && std::abs(brir[0][static_cast<size_t>(n)]) > std::abs(brir[0][peak]))
        peak = static_cast<size_t>(n);
    }
    EXPECT_EQ(peak, static_cast<size_t>(nearest)) << "image at distance " << d;
    EXPECT_NEAR(area, 1.0 / d, 0.02 / d) << "image at distance " << d;
  }
  // Nothing before the direct sound (beyond the interpolator's lead-in).
  for (size_t n = 0; n + 17 < static_cast<size_t>(first_arrival); ++n) ASSERT_EQ(brir[0][n], 0.0f) << n;
}

TEST(ShoeboxRoom, AbsorbingWallsScaleTheReflections) {
  const Vec3 dims{5, 4, 3};
  std::array<double, kWallCount> beta = {0.5, 1, 1, 1, 1, 1};  // only the wall x=0 absorbs
  const ShoeboxRoom room = ShoeboxRoom::from_reflection_coefficients(dims, beta);
  int mirrored_once = 0;
  for (const auto& image : room.image_sources({2, 2, 1}, 2)) {
    if (image.position.x < 0 && image.position.x > -5) {  // mirrored once in x=0
      EXPECT_DOUBLE_EQ(image.reflection_gain, 0.5);
      ++mirrored_once;
    } else if (image.position.x > 0 && image.position.x < 5) {  // never bounced off x=0
      EXPECT_DOUBLE_EQ(image.reflection_gain, 1.0);
    }
  }
  EXPECT_GT(mirrored_once, 0);
}

TEST(ShoeboxRoom, HeadOrientationDecidesWhichEarLeads) {
  const HrirSet head = HrirSet::spherical_head(kRate);
  const ShoeboxRoom room = rigid_room({6, 5, 3});
  // Facing +y, a source towards −x is on the listener's left.
  const ListenerPose listener{{3.0, 2.5, 1.5}, 90.0};
  const ImpulseResponse brir = room.render({1.5, 2.5, 1.5}, listener, head, direct_only());
  EXPECT_GT(testing::lag_of(brir[0], brir[1], 40), 10);
  const ListenerPose turned{{3.0, 2.5, 1.5}, 270.0};
  const ImpulseResponse mirrored = room.render({1.5, 2.5, 1.5}, turned, head, direct_only());
  EXPECT_LT(testing::lag_of(mirrored[0], mirrored[1], 40), -10);
}

TEST(ShoeboxRoom, KemarRoomResponseOfALeftSourceLeadsAtTheLeftEar) {
  if (testing::kemar_32k() == nullptr) GTEST_SKIP() << testing::kKemarSofa << " is not installed (package libmysofa1)";
  const HrirSet& kemar = *testing::kemar_32k();
  const ShoeboxRoom room = ShoeboxRoom::with_reverberation_time({6, 5, 3}, 0.4);
  const ListenerPose listener{{3.0, 2.5, 1.5}, 0.0};
  BrirOptions options;
  options.seed = 7;
  const ImpulseResponse brir = room.render({3.0, 4.0, 1.5}, listener, kemar, options);  // 1.5 m to the left
  EXPECT_GT(testing::lag_of(brir[0], brir[1], 40), 10);
}

TEST(ShoeboxRoom, GeneratedDecayMatchesTheTargetReverberationTime) {
  const HrirSet head = HrirSet::spherical_head(kRate);
  for (double target : {0.3, 0.7, 1.5}) {
    const ShoeboxRoom room = ShoeboxRoom::with_reverberation_time({6, 4.5, 3}, target);
    EXPECT_NEAR(room.reverberation_time(), target, 1e-9);
    BrirOptions options;
    options.seed = 11;
    options.length_seconds = 1.5 * target + 0.1;
    const ImpulseResponse brir = room.render({4.5, 1.5, 1.2}, {{1.5, 2.5, 1.6}, 30.0}, head, options);
    std::vector<float> both(brir[0].size());
    for (size_t n = 0; n < both.size(); ++n) both[n] = brir[0][n] + brir[1][n];
    const double measured = measure_rt60(both, kRate);
    EXPECT_NEAR(measured, target, 0.25 * target) << "target " << target;
  }
}

TEST(ShoeboxRoom, SameSeedSameResponseOtherSeedOtherTail) {
  const HrirSet head = HrirSet::spherical_head(kRate);
  const ShoeboxRoom room = ShoeboxRoom::with_reverberation_time({5, 4, 3}, 0.5);
  BrirOptions options;
  options.seed = 3;
  const ListenerPose listener{{2, 2, 1.5}, 0.0};
  const ImpulseResponse a = room.render({3, 3, 1.5}, listener, head, options);
  const ImpulseResponse b = room.render({3, 3, 1.5}, listener, head, options);
  EXPECT_EQ(a, b);
  options.seed = 4;
  const ImpulseResponse c = room.render({3, 3, 1.5}, listener, head, options);
  EXPECT_NE(a, c);
}

TEST(ShoeboxRoom, BadGeometryIsAnErrorNamingIt) {
  const HrirSet delta = HrirSet::ideal_delta(kRate);
  const ShoeboxRoom room = rigid_room({5, 4, 3});
  try {
    room.render({6, 1, 1}, {{1, 1, 1}, 0.0}, delta, direct_only());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("source"), std::string::npos) << e.what();
  }
  EXPECT_THROW(room.render({1, 1, 1}, {{1, 1, 1}, 0.0}, delta, direct_only()), Error);  // source at the head
  try {
    ShoeboxRoom({5, 4, 3}, {0.1, 0.1, 0.1, 0.1, 1.5, 0.1});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("floor"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ShoeboxRoom({0.1, 4, 3}, {}), Error);
}

TEST(ReverberationFormulas, AbsorptionForATimeGivesThatTimeBack) {
  const double volume = 60.0, surface = 94.0;
  for (auto formula : {ReverberationFormula::kSabine, ReverberationFormula::kEyring}) {
    const double alpha = absorption_for_reverberation_time(formula, volume, surface, 0.8);
    EXPECT_NEAR(reverberation_time(formula, volume, surface, alpha), 0.8, 1e-12);
  }
  // Sabine: 0.161·V/(S·α).
  EXPECT_NEAR(reverberation_time(ReverberationFormula::kSabine, volume, surface, 0.2), 0.1611 * 60.0 / (94.0 * 0.2), 1e-3);
  EXPECT_THROW(absorption_for_reverberation_time(ReverberationFormula::kSabine, volume, surface, 0.01), Error);
}

}  // namespace
}  // namespace gramt::scene

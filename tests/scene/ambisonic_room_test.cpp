// First-order ambisonic room responses: the shoebox renderer through the AmbiX receiver.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/common/error.h"
#include "core/scene/decay_measurement.h"
#include "core/scene/fft_convolution.h"
#include "core/scene/free_field.h"
#include "core/scene/scene_sampler.h"
#include "core/scene/shoebox_room.h"

namespace gramt::scene {
namespace {

constexpr int kRate = 32000;

// Direction of the broadband active intensity W·(X, Y, Z), summed over the response (AmbiX order).
void intensity_direction(const ImpulseResponse& foa, double& azimuth, double& elevation, size_t from = 0,
                         size_t to = SIZE_MAX) {
  Vec3 i;
  to = std::min(to, foa[0].size());
  for (size_t n = from; n < to; ++n) {
    const double w = foa[0][n];
    i.x += w * foa[3][n];
    i.y += w * foa[1][n];
    i.z += w * foa[2][n];
  }
  direction_angles(i, azimuth, elevation);
}

double angle_between(double az1, double el1, double az2, double el2) {
  const Vec3 a = direction_vector(az1, el1), b = direction_vector(az2, el2);
  const double dot = a.x * b.x + a.y * b.y + a.z * b.z;
  return degrees(std::acos(std::clamp(dot, -1.0, 1.0)));
}

double wrap180(double degrees) {
  double d = std::fmod(degrees + 540.0, 360.0) - 180.0;
  return d;
}

const double kDirections[][2] = {{0, 0}, {30, 0}, {90, 10}, {135, -30}, {200, 45}, {270, 0}, {315, -60}, {10, 85}};

TEST(AmbisonicRoom, FreeFieldDirectionsComeBackFromTheIntensityVector) {
  const HrirSet foa = HrirSet::first_order_ambisonics(kRate);
  ASSERT_EQ(foa.channel_count(), 4);
  for (const auto& d : kDirections) {
    const ImpulseResponse r = render_free_field(foa, spatial_label_from_direction(d[0], d[1], 1.7));
    ASSERT_EQ(r.size(), 4u);
    double az = 0, el = 0;
    intensity_direction(r, az, el);
    EXPECT_LT(angle_between(az, el, d[0], d[1]), 2.0) << "source at " << d[0] << ", " << d[1];
  }
}

TEST(AmbisonicRoom, ADirectOnlyRoomRecoversTheSourceAndASignalThroughItToo) {
  // The room path (image sources of order 0, no tail), convolved with noise: the intensity of the
  // reverberant signal points at the source as seen from the turned head.
  const HrirSet foa = HrirSet::first_order_ambisonics(kRate);
  const ShoeboxRoom room = ShoeboxRoom::with_reverberation_time({7, 6, 3}, 0.4);
  BrirOptions direct;
  direct.max_order = 0;
  direct.diffuse_tail = false;
  std::mt19937 rng(3);
  std::normal_distribution<float> noise;
  std::vector<float> burst(8000);
  for (auto& v : burst) v = noise(rng);
  for (double head : {0.0, 40.0, 200.0}) {
    const ListenerPose listener{{3.0, 3.0, 1.5}, head};
    for (const auto& d : kDirections) {
      if (std::abs(d[1]) > 50) continue;  // keep the source inside the room
      const SpatialLabel label = spatial_label_from_direction(d[0], d[1], 1.2);
      const Vec3 source = listener.position + to_room_frame(label.position, head);
      const ImpulseResponse r = room.render(source, listener, foa, direct);
      const auto signal = convolve_truncated_each(burst, r, burst.size() + r[0].size());
      double az = 0, el = 0;
      intensity_direction(signal, az, el);
      EXPECT_LT(angle_between(az, el, d[0], d[1]), 2.0) << "head " << head << ", source " << d[0] << ", " << d[1];
    }
  }
}

TEST(AmbisonicRoom, RotatingTheSceneAboutZRotatesTheRecoveredAzimuths) {
  const HrirSet foa = HrirSet::first_order_ambisonics(kRate);
  for (double theta : {25.0, 90.0, -130.0}) {
    for (const auto& d : kDirections) {
      double az0 = 0, el0 = 0, az1 = 0, el1 = 0;
      intensity_direction(render_free_field(foa, spatial_label_from_direction(d[0], d[1], 2.0)), az0, el0);
      intensity_direction(render_free_field(foa, spatial_label_from_direction(d[0] + theta, d[1], 2.0)), az1, el1);
      if (std::abs(d[1]) < 80) {
        EXPECT_NEAR(wrap180(az1 - az0 - theta), 0.0, 0.01) << d[0] << ", " << d[1];
      }
      EXPECT_NEAR(el1, el0, 0.01);
    }
  }
  // In a room with reflections (no random tail): turning the head by −θ turns the whole field by θ,
  // so the energy-weighted intensity of the full response turns by θ as well.
  const ShoeboxRoom room = ShoeboxRoom::with_reverberation_time({6, 5, 3}, 0.5);
  BrirOptions images;
  images.max_order = 3;
  images.diffuse_tail = false;
  const Vec3 source{4.5, 3.5, 1.7}, ears{2.0, 2.0, 1.5};
  double az0 = 0, el0 = 0;
  intensity_direction(room.render(source, {ears, 0.0}, foa, images), az0, el0);
  for (double theta : {30.0, 100.0, 250.0}) {
    double az = 0, el = 0;
    intensity_direction(room.render(source, {ears, -theta}, foa, images), az, el);
    EXPECT_NEAR(wrap180(az - az0 - theta), 0.0, 0.05) << theta;
    EXPECT_NEAR(el, el0, 0.05);
  }
}

TEST(AmbisonicRoom, TheTailIsDiffuseAndDecaysAtTheRoomsReverberationTime) {
  const HrirSet foa = HrirSet::first_order_ambisonics(kRate);
  const ShoeboxRoom room = ShoeboxRoom::with_reverberation_time({8, 6, 3.5}, 0.8);
  BrirOptions options;
  options.max_order = 2;
  options.seed = 11;
  const ImpulseResponse r = room.render({6.0, 4.0, 1.6}, {{2.0, 2.0, 1.5}, 0.0}, foa, options);
  ASSERT_EQ(r.size(), 4u);
  // Late part (after 0.15 s): a diffuse field has (X² + Y² + Z²) / W² = 1 in SN3D.
  const size_t late = static_cast<size_t>(0.15 * kRate);
  std::vector<std::vector<float>> tail;
  for (const auto& ch : r) tail.emplace_back(ch.begin() + static_cast<std::ptrdiff_t>(late), ch.end());
  double w2 = 0.0, v2 = 0.0;
  for (size_t n = 0; n < tail[0].size(); ++n) {
    w2 += double(tail[0][n]) * tail[0][n];
    for (size_t c = 1; c < 4; ++c) v2 += double(tail[c][n]) * tail[c][n];
  }
  EXPECT_NEAR(v2 / w2, 1.0, 0.15);
  EXPECT_NEAR(measure_rt60(r[0], kRate), 0.8, 0.8 * 0.15);
}

TEST(AmbisonicRoom, TheSamplerGivesFourChannelScenesWithTheBinauralScenesRoomsAndPlaces) {
  SceneSamplerOptions options;
  options.room_length = {4, 6};
  options.room_width = {3, 5};
  options.rt60_seconds = {0.2, 0.4};
  const RandomSceneSampler foa(HrirSet::first_order_ambisonics(kRate), options);
  const RandomSceneSampler head(HrirSet::spherical_head(kRate), options);
  const SceneResponses a = foa.draw(uint64_t{77}), b = head.draw(uint64_t{77});
  ASSERT_EQ(a.source.size(), 4u);
  ASSERT_EQ(b.source.size(), 2u);
  EXPECT_EQ(a.origin, b.origin);
  EXPECT_DOUBLE_EQ(a.source_label.azimuth_deg, b.source_label.azimuth_deg);
  EXPECT_DOUBLE_EQ(a.source_label.distance_m, b.source_label.distance_m);
  ASSERT_EQ(a.noise.size(), b.noise.size());
  for (const auto& n : a.noise) EXPECT_EQ(n.size(), 4u);
}

TEST(AmbisonicRoom, AnAmbisonicReceiverHasNoEars) {
  const HrirSet foa = HrirSet::first_order_ambisonics(kRate);
  EXPECT_THROW(foa.lookup(0.0, 0.0), Error);
  EXPECT_THROW(HrirSet::first_order_ambisonics(0), Error);
}

}  // namespace
}  // namespace gramt::scene

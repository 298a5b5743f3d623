#include <gtest/gtest.h>

#include <cmath>

#include "core/common/error.h"
#include "core/data/clip_preparation.h"
#include "core/data/spatial_scene_renderer.h"
#include "fixtures.h"

using namespace gramt::data;

namespace {

RoomSettings synthetic_rooms() {
  RoomSettings rooms;
  rooms.source = "synthetic";
  return rooms;
}

std::vector<float> clip(double hz, double seconds) {
  ClipSpec spec;
  spec.seconds = seconds;
  return prepare_clip(gramt::test::tone(32000, 1, seconds, hz), spec);
}

double energy(const std::vector<float>& x) {
  double e = 0;
  for (float v : x) e += static_cast<double>(v) * v;
  return e;
}

}  // namespace

TEST(SpatialSceneRenderer, RoomsGiveReproducibleBinauralScenes) {
  const auto renderer = make_scene_renderer(synthetic_rooms(), true, true);
  ASSERT_TRUE(renderer);
  EXPECT_EQ(renderer->channels(), 2);
  const auto source = clip(440, 0.5);
  const auto noise = prepare_noise(gramt::test::tone(32000, 1, 0.3, 3000), ClipSpec{});
  Rng a(7), b(7), c(8);
  const auto x = renderer->render(source, &noise, true, a);
  ASSERT_EQ(x.size(), 2u);
  ASSERT_EQ(x[0].size(), source.size());
  ASSERT_EQ(x[1].size(), source.size());
  EXPECT_NE(x[0], x[1]);  // two ears hear different signals
  EXPECT_GT(energy(x[0]), 0.0);
  EXPECT_EQ(x, renderer->render(source, &noise, true, b));
  EXPECT_NE(x, renderer->render(source, &noise, true, c));
}

TEST(SpatialSceneRenderer, NoiseWithoutRoomsIsTheSameOnEveryChannel) {
  auto rooms = synthetic_rooms();
  rooms.source = "no such kind";  // never consulted without rooms
  const auto renderer = make_scene_renderer(rooms, false, true);
  ASSERT_TRUE(renderer);
  const auto source = clip(440, 0.5);
  const auto noise = prepare_noise(gramt::test::tone(32000, 1, 0.3, 3000), ClipSpec{});
  Rng rng(1);
  const auto x = renderer->render(source, &noise, false, rng);
  ASSERT_EQ(x.size(), 2u);
  EXPECT_EQ(x[0], x[1]);
  EXPECT_NE(x[0], source);  // the noise was mixed in
  // SNR drawn in [5, 40] dB over the noise's active window: the mixture stays close to the source.
  std::vector<float> difference(source.size());
  for (size_t i = 0; i < source.size(); ++i) difference[i] = x[0][i] - source[i];
  const double snr = 10.0 * std::log10(energy(source) / energy(difference));
  EXPECT_GT(snr, 5.0 - 1e-6);
  EXPECT_EQ(make_scene_renderer(rooms, false, false), nullptr);
}

TEST(SpatialSceneRenderer, BadRoomSettingsFailBeforeAnyWork) {
  auto rooms = synthetic_rooms();
  rooms.channels = 1;
  EXPECT_THROW(make_scene_renderer(rooms, true, true), gramt::Error);
  rooms = synthetic_rooms();
  rooms.source = "shards";
  EXPECT_THROW(make_scene_renderer(rooms, true, true), gramt::Error);
  rooms.source = "sofa";
  rooms.sofa_file = "/nonexistent/head.sofa";
  EXPECT_THROW(make_scene_renderer(rooms, true, true), gramt::Error);
  rooms.source = "folder";
  rooms.location = "/nonexistent/rooms";
  EXPECT_THROW(make_scene_renderer(rooms, true, true), gramt::Error);
  rooms.source = "cathedral";
  EXPECT_THROW(make_scene_renderer(rooms, true, true), gramt::Error);
}

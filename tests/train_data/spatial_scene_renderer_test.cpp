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

TEST(SpatialSceneRenderer, AmbisonicModelsHearFourFoaSignalsInTheFrontEndsOrder) {
  auto rooms = synthetic_rooms();
  rooms.source = "ambisonic";
  rooms.channels = 7;
  const auto renderer = make_scene_renderer(rooms, true, false);
  ASSERT_TRUE(renderer);
  EXPECT_EQ(renderer->channels(), 4);
  const auto source = clip(440, 0.5);
  Rng a(7);
  const auto x = renderer->render(source, nullptr, true, a);
  ASSERT_EQ(x.size(), 4u);
  // W, X, Y, Z: for any field the omni channel carries at least the energy of each directional one.
  for (size_t c = 1; c < 4; ++c) EXPECT_GT(energy(x[0]), energy(x[c]));
  // A binaural model cannot take ambisonic rooms, nor an ambisonic model binaural ones; each says so.
  rooms.channels = 2;
  EXPECT_THROW(make_scene_renderer(rooms, true, false), gramt::Error);
  rooms = synthetic_rooms();
  rooms.channels = 7;
  try {
    make_scene_renderer(rooms, true, false);
    FAIL();
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("rir_source ambisonic"), std::string::npos) << e.what();
  }
}

TEST(SpatialSceneRenderer, MonoModelsHearTheMeanOfTheEarsOrTheOmniChannel) {
  auto rooms = synthetic_rooms();
  rooms.channels = 1;
  const auto binaural = make_scene_renderer(rooms, true, false);
  rooms.channels = 2;
  const auto both = make_scene_renderer(rooms, true, false);
  const auto source = clip(440, 0.5);
  Rng a(5), b(5);
  const auto mono = binaural->render(source, nullptr, true, a);
  const auto ears = both->render(source, nullptr, true, b);
  ASSERT_EQ(mono.size(), 1u);
  for (size_t i = 0; i < mono[0].size(); i += 97) EXPECT_FLOAT_EQ(mono[0][i], 0.5f * (ears[0][i] + ears[1][i]));
  rooms.source = "ambisonic";
  rooms.channels = 1;
  const auto omni = make_scene_renderer(rooms, true, false);
  rooms.channels = 7;
  const auto foa = make_scene_renderer(rooms, true, false);
  Rng c(9), d(9);
  const auto w = omni->render(source, nullptr, true, c);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0], foa->render(source, nullptr, true, d)[0]);
}

TEST(SpatialSceneRenderer, BadRoomSettingsFailBeforeAnyWork) {
  auto rooms = synthetic_rooms();
  rooms.channels = 3;
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
  rooms.source = "ambisonic";
  rooms.channels = 7;
  rooms.foa_format = "fuma";  // the built-in rooms are AmbiX
  EXPECT_THROW(make_scene_renderer(rooms, true, true), gramt::Error);
}

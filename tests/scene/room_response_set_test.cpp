#include "core/scene/room_response_set.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/io/npy.h"
#include "scene_test_helpers.h"

namespace gramt::scene {
namespace {

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

audio::AudioBuffer marked_channels(int channels, int taps, int rate) {
  audio::AudioBuffer b;
  b.sample_rate = rate;
  for (int c = 0; c < channels; ++c) {
    std::vector<float> ch(static_cast<size_t>(taps), 0.0f);
    ch[static_cast<size_t>(c)] = 0.1f * static_cast<float>(c + 1);
    b.channels.push_back(ch);
  }
  return b;
}

const char* kTwoResponses = R"({"channels": 2, "responses": [
  {"azimuth": 30, "elevation": 10, "distance": 1.5},
  {"azimuth": 200, "elevation": 0, "distance": 3}]})";

TEST(RoomResponseSet, WavRecordsSplitIntoSourceAndNoiseWithSidecarLabels) {
  const auto dir = testing::fresh_dir("responses_wav");
  audio::write_wav((dir / "room_a.wav").string(), marked_channels(4, 64, 16000));
  write_text(dir / "room_a.json", kTwoResponses);
  const RoomResponseSet set = RoomResponseSet::open_folder(dir.string(), 16000);
  ASSERT_EQ(set.size(), 1u);
  const SceneResponses r = set.load(0);
  ASSERT_EQ(r.source.size(), 2u);
  ASSERT_EQ(r.noise.size(), 1u);
  EXPECT_FLOAT_EQ(r.source[0][0], 0.1f);
  EXPECT_FLOAT_EQ(r.source[1][1], 0.2f);
  EXPECT_FLOAT_EQ(r.noise[0][0][2], 0.3f);
  EXPECT_FLOAT_EQ(r.noise[0][1][3], 0.4f);
  EXPECT_NEAR(r.source_label.azimuth_deg, 30.0, 1e-9);
  EXPECT_NEAR(r.source_label.elevation_deg, 10.0, 1e-9);
  EXPECT_NEAR(r.source_label.distance_m, 1.5, 1e-9);
  EXPECT_NEAR(r.noise_labels[0].azimuth_deg, 200.0, 1e-9);
  EXPECT_TRUE(r.has_labels);

  // Another rate resamples on loading.
  const RoomResponseSet resampled = RoomResponseSet::open_folder(dir.string(), 32000);
  EXPECT_EQ(resampled.load(0).source[0].size(), 128u);
  std::filesystem::remove_all(dir);
}

TEST(RoomResponseSet, NpyRecordsAreShapedResponsesChannelsTaps) {
  const auto dir = testing::fresh_dir("responses_npy");
  std::vector<float> values(3 * 2 * 10);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i);
  io::write_npy((dir / "stack.npy").string(), values, {3, 2, 10});
  write_text(dir / "stack.json", R"({"sample_rate": 8000, "responses": [
    {"azimuth": 0, "elevation": 0, "distance": 1},
    {"azimuth": 90, "elevation": 0, "distance": 2},
    {"azimuth": 180, "elevation": 0, "distance": 3}]})");
  const RoomResponseSet set = RoomResponseSet::open_folder(dir.string(), 8000);
  const SceneResponses r = set.load(0);
  ASSERT_EQ(r.noise.size(), 2u);
  EXPECT_EQ(r.source[1][0], 10.0f);
  EXPECT_EQ(r.noise[1][1][9], 59.0f);
  std::mt19937_64 rng(1);
  EXPECT_EQ(set.draw(rng).source, r.source);

  // The reference's stacked records split the same way.
  const SceneResponses split = split_response_stack(values, {3, 2, 10}, "shard record");
  EXPECT_EQ(split.source, r.source);
  EXPECT_EQ(split.noise, r.noise);
  EXPECT_FALSE(split.has_labels);
  EXPECT_THROW(split_response_stack(values, {3, 2, 11}, "shard record"), Error);
  std::filesystem::remove_all(dir);
}

TEST(RoomResponseSet, BadSidecarsAreErrorsNamingTheFileAndField) {
  const auto dir = testing::fresh_dir("responses_bad");
  audio::write_wav((dir / "r.wav").string(), marked_channels(4, 16, 16000));
  write_text(dir / "r.json", R"({"responses": [{"azimuth": 0, "elevation": 0}, {"azimuth": 0, "elevation": 0, "distance": 1}]})");
  try {
    RoomResponseSet::open_folder(dir.string(), 16000);
    FAIL();
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("r.json"), std::string::npos) << what;
    EXPECT_NE(what.find("distance"), std::string::npos) << what;
  }
  // Three responses described, four channels present.
  write_text(dir / "r.json", R"({"responses": [{"azimuth": 0, "elevation": 0, "distance": 1},
    {"azimuth": 0, "elevation": 0, "distance": 1}, {"azimuth": 0, "elevation": 0, "distance": 1}]})");
  try {
    RoomResponseSet::open_folder(dir.string(), 16000);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("r.wav"), std::string::npos) << e.what();
  }
  write_text(dir / "r.json", "{not json");
  EXPECT_THROW(RoomResponseSet::open_folder(dir.string(), 16000), Error);
  write_text(dir / "orphan.json", kTwoResponses);
  std::filesystem::remove(dir / "r.json");
  try {
    RoomResponseSet::open_folder(dir.string(), 16000);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("orphan.json"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  EXPECT_THROW(RoomResponseSet::open_folder(dir.string(), 16000), Error);  // no sidecar at all
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace gramt::scene

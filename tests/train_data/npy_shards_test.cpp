// The reference's own shard formats: headerless .npy audio members (its WHAM! noise shards) and
// .npy room-response records (responses, channels, taps) streamed from shards.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "core/common/error.h"
#include "core/data/audio_decoding.h"
#include "core/data/shard_room_responses.h"
#include "core/data/shard_source.h"
#include "core/io/npy.h"
#include "tests/train_data/fixtures.h"

namespace gramt::data {
namespace {

std::string npy_bytes(const std::vector<float>& values, const std::vector<int64_t>& shape) {
  std::string out = io::npy_header("<f4", shape);
  out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
  return out;
}

// A member whose header promises far more samples than it holds is a named Error (the loader skips
// and counts it), not a std::length_error or bad_alloc from sizing a buffer by the header.
TEST(NpyAudio, HeaderPromisingMoreSamplesThanPresentIsANamedError) {
  for (const std::vector<int64_t>& shape :
       {std::vector<int64_t>{int64_t{1} << 61}, std::vector<int64_t>{2, int64_t{1} << 62}, std::vector<int64_t>{1000000}}) {
    try {
      decode_npy_audio(npy_bytes({0.5f, 0.25f}, shape), "noise.tar:k7", 32000);
      FAIL() << "accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("noise.tar:k7"), std::string::npos) << e.what();
    }
  }
}

TEST(NpyAudio, OneAndTwoDimensionalArraysDecodeAtTheGivenRate) {
  const auto mono = decode_npy_audio(npy_bytes({0.1f, 0.2f, 0.3f}, {3}), "a.npy", 32000);
  EXPECT_EQ(mono.sample_rate, 32000);
  ASSERT_EQ(mono.channels.size(), 1u);
  EXPECT_FLOAT_EQ(mono.channels[0][2], 0.3f);
  const auto stereo = decode_npy_audio(npy_bytes({1, 2, 3, 4, 5, 6}, {2, 3}), "b.npy", 16000);
  ASSERT_EQ(stereo.channels.size(), 2u);
  EXPECT_FLOAT_EQ(stereo.channels[1][0], 4.0f);
}

TEST(NpyAudio, BadArraysAreNamedErrors) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(decode_npy_audio(npy_bytes({0.1f, nan}, {2}), "nan.npy", 32000), Error);
  EXPECT_THROW(decode_npy_audio(npy_bytes({0.1f}, {1}), "rate.npy", 0), Error);
  EXPECT_THROW(decode_npy_audio(npy_bytes({1, 2, 3, 4, 5, 6, 7, 8}, {2, 2, 2}), "3d.npy", 32000), Error);
  try {
    decode_npy_audio("not an npy file", "shard.tar:k", 32000);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("shard.tar:k"), std::string::npos) << e.what();
  }
}

TEST(NpyAudio, ShardMembersDecodeThroughTheRecordPath) {
  const auto dir = test::fresh_dir("npy-noise-shards");
  test::write_tar(dir / "noise-000.tar", {{"n0.npy", npy_bytes({0.5f, -0.5f, 0.25f, 0.0f}, {4})}});
  ShardSourceParams params;
  params.patterns = {(dir / "noise-{000..001}.tar").string()};
  params.audio_extensions = {"flac", "wav", "npy"};
  params.shuffle_buffer = 1;
  params.raw_sample_rate = 32000;
  ShardSource source(params, std::make_shared<SkipLog>([](const std::string&) {}));
  source.start_epoch(0);
  const auto record = source.next_record();
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->format, "npy");
  const auto audio = decode_record(*record);
  EXPECT_EQ(audio.sample_rate, 32000);
  ASSERT_EQ(audio.channels[0].size(), 4u);
  EXPECT_FLOAT_EQ(audio.channels[0][1], -0.5f);
}

TEST(ShardRoomResponses, RecordsStreamEndlesslyAndDamagedOnesAreSkipped) {
  const auto dir = test::fresh_dir("rir-shards");
  // One record: 2 responses (source, one noise source) × 2 channels × 3 taps.
  const std::vector<float> stack{1, 0, 0, /*right*/ 0, 1, 0, /*noise left*/ 0, 0, 1, /*noise right*/ 0.5f, 0, 0};
  test::write_tar(dir / "rirs-000.tar", {{"r0.npy", npy_bytes(stack, {2, 2, 3})}, {"bad.npy", "garbage"}});
  std::vector<std::string> warnings;
  ShardRoomResponses rooms((dir / "rirs-{000..000}.tar").string(), 32000, 7,
                           std::make_shared<SkipLog>([&](const std::string& w) { warnings.push_back(w); }));
  EXPECT_EQ(rooms.sample_rate(), 32000);
  std::mt19937_64 rng(1);
  for (int draw = 0; draw < 5; ++draw) {  // more draws than records: the stream starts over
    const auto scene = rooms.draw(rng);
    ASSERT_EQ(scene.source.size(), 2u);
    EXPECT_FLOAT_EQ(scene.source[1][1], 1.0f);
    ASSERT_EQ(scene.noise.size(), 1u);
    EXPECT_FLOAT_EQ(scene.noise[0][1][0], 0.5f);
  }
  ASSERT_FALSE(warnings.empty());
  EXPECT_NE(warnings.front().find("bad"), std::string::npos) << warnings.front();
}

TEST(ShardRoomResponses, ShardsWithoutAReadableRecordStopBeforeTraining) {
  const auto dir = test::fresh_dir("rir-shards-empty");
  test::write_tar(dir / "rirs-000.tar", {{"x.npy", "garbage"}});
  auto quiet = std::make_shared<SkipLog>([](const std::string&) {});
  EXPECT_THROW(ShardRoomResponses((dir / "rirs-000.tar").string(), 32000, 1, quiet), Error);
  EXPECT_THROW(ShardRoomResponses((dir / "missing-{000..003}.tar").string(), 32000, 1, quiet), Error);
}

}  // namespace
}  // namespace gramt::data

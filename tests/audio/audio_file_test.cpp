#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "core/audio/audio_file.h"
#include "core/audio/channel_policy.h"
#include "core/audio/resample.h"
#include "core/common/error.h"

namespace fs = std::filesystem;
using namespace gramt::audio;

namespace {

fs::path temp_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("gramt_audio_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

AudioBuffer sine(int rate, int channels, int frames, double hz) {
  AudioBuffer a;
  a.sample_rate = rate;
  a.channels.assign(static_cast<size_t>(channels), std::vector<float>(static_cast<size_t>(frames)));
  for (int c = 0; c < channels; ++c)
    for (int i = 0; i < frames; ++i)
      a.channels[static_cast<size_t>(c)][static_cast<size_t>(i)] = static_cast<float>((c + 1) * 0.1 * std::sin(2 * M_PI * hz * i / rate));
  return a;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const gramt::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(AudioFile, WavRoundTripKeepsChannelsAndSamples) {
  const auto dir = temp_dir("rt");
  const auto a = sine(32000, 2, 1000, 440);
  write_wav((dir / "s.wav").string(), a);
  const auto b = read_audio((dir / "s.wav").string());
  EXPECT_EQ(b.sample_rate, 32000);
  ASSERT_EQ(b.channel_count(), 2);
  ASSERT_EQ(b.frames(), 1000);
  EXPECT_FLOAT_EQ(b.channels[1][123], a.channels[1][123]);
  const auto info = probe_audio((dir / "s.wav").string());
  EXPECT_EQ(info.channels, 2);
  EXPECT_EQ(info.frames, 1000);
}

TEST(AudioFile, MissingFileIsAClearError) {
  const std::string m = message_of([] { read_audio("/no/such/file.wav"); });
  EXPECT_NE(m.find("/no/such/file.wav"), std::string::npos) << m;
  EXPECT_NE(m.find("no such"), std::string::npos) << m;
}

TEST(AudioFile, NonAudioAndTruncatedFilesAreRejected) {
  const auto dir = temp_dir("bad");
  std::ofstream(dir / "text.wav") << "this is not a wave file, just text";
  EXPECT_NE(message_of([&] { read_audio((dir / "text.wav").string()); }).find("text.wav"), std::string::npos);
  write_wav((dir / "t.wav").string(), sine(32000, 1, 32000, 100));
  fs::resize_file(dir / "t.wav", fs::file_size(dir / "t.wav") / 2);
  const std::string m = message_of([&] { read_audio((dir / "t.wav").string()); });
  EXPECT_NE(m.find("t.wav"), std::string::npos) << m;
  EXPECT_NE(m.find("truncated"), std::string::npos) << m;
}

TEST(AudioFile, ZeroSamplesAndNonFiniteSamplesAreRejected) {
  const auto dir = temp_dir("zero");
  AudioBuffer empty;
  empty.sample_rate = 32000;
  empty.channels.assign(1, {});
  write_wav((dir / "empty.wav").string(), empty);
  EXPECT_NE(message_of([&] { read_audio((dir / "empty.wav").string()); }).find("zero samples"), std::string::npos);
  auto a = sine(32000, 2, 500, 440);
  a.channels[1][77] = std::numeric_limits<float>::quiet_NaN();
  write_wav((dir / "nan.wav").string(), a);
  const std::string m = message_of([&] { read_audio((dir / "nan.wav").string()); });
  EXPECT_NE(m.find("NaN"), std::string::npos) << m;
  EXPECT_NE(m.find("sample 77"), std::string::npos) << m;
}

// Found by fuzz_audio: a 1 KB FLAC whose header claims billions of frames made the reader size its
// buffers by the claim (std::length_error escaped). Buffers now grow with the decoded samples.
TEST(AudioFile, HeaderClaimingHugeLengthIsANamedErrorWithoutAllocatingIt) {
  const std::string path =
      std::string(GRAMT_TEST_DATA_DIR) + "/../fuzz/corpus/fuzz_audio/crash-73e8eedcefdef55f55cb1f479f0c4df630b56a1b";
  ASSERT_TRUE(fs::exists(path)) << path;
  try {
    read_audio(path);
    FAIL() << "accepted";
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(Resample, ChangesLengthByTheRateRatioAndKeepsATone) {
  const auto a = sine(48000, 1, 48000, 1000);
  const auto b = resample(a, 32000);
  EXPECT_EQ(b.sample_rate, 32000);
  ASSERT_EQ(b.frames(), 32000);
  // The 1 kHz tone survives: compare against the ideal sine away from the edges.
  double err = 0;
  for (int i = 2000; i < 30000; ++i)
    err = std::max(err, std::abs(b.channels[0][static_cast<size_t>(i)] - 0.1 * std::sin(2 * M_PI * 1000 * i / 32000.0)));
  EXPECT_LT(err, 2e-3);
}

TEST(ChannelPolicy, FollowsTheReferenceHearFrontEnd) {
  const auto mono = sine(32000, 1, 100, 10);
  auto sel = select_model_channels(mono, 2, "mono");
  EXPECT_EQ(sel.signals.size(), 1u);
  EXPECT_EQ(sel.source_of_channel, (std::vector<int>{0, 0}));
  const auto stereo = sine(32000, 2, 100, 10);
  sel = select_model_channels(stereo, 2, "stereo");
  EXPECT_EQ(sel.source_of_channel, (std::vector<int>{0, 1}));
  sel = select_model_channels(stereo, 1, "stereo");
  ASSERT_EQ(sel.signals.size(), 1u);
  EXPECT_FLOAT_EQ(sel.signals[0][5], 0.5f * (stereo.channels[0][5] + stereo.channels[1][5]));
  const auto foa = sine(32000, 4, 100, 10);
  sel = select_model_channels(foa, 2, "foa");
  EXPECT_EQ(sel.signals[0], foa.channels[0]);  // W
  EXPECT_THROW(select_model_channels(sine(32000, 3, 100, 10), 2, "three"), gramt::Error);
}

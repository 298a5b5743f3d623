#include <gtest/gtest.h>

#include <cmath>

#include "core/common/error.h"
#include "core/data/audio_decoding.h"
#include "core/data/clip_preparation.h"
#include "fixtures.h"

using namespace gramt::data;
using gramt::test::tone;

TEST(ClipPreparation, RmsIsNormalisedToMinus14Dbfs) {
  std::vector<float> x = tone(32000, 1, 0.5, 440).channels[0];
  for (float& v : x) v *= 0.01f;
  EXPECT_TRUE(normalise_rms(x, -14.0));
  EXPECT_NEAR(20.0 * std::log10(rms(x)), -14.0, 1e-4);
}

TEST(ClipPreparation, SilenceIsLeftAlone) {
  std::vector<float> x(1000, 0.0f);
  EXPECT_FALSE(normalise_rms(x, -14.0));
  for (float v : x) ASSERT_EQ(v, 0.0f);
}

TEST(ClipPreparation, FirstChannelResampledNormalisedAndPaddedAtTheEnd) {
  auto stereo = tone(44100, 2, 1.0, 500);
  std::fill(stereo.channels[1].begin(), stereo.channels[1].end(), 0.0f);
  ClipSpec spec;
  spec.seconds = 2.0;
  const auto clip = prepare_clip(stereo, spec);
  ASSERT_EQ(clip.size(), 64000u);
  const std::vector<float> head(clip.begin(), clip.begin() + 32000);
  EXPECT_NEAR(20.0 * std::log10(rms(head)), -14.0, 0.05);  // normalised before padding
  for (size_t i = 32010; i < clip.size(); ++i) ASSERT_EQ(clip[i], 0.0f) << i;

  spec.seconds = 0.25;
  EXPECT_EQ(prepare_clip(stereo, spec).size(), 8000u);  // cut at the end
  const auto noise = prepare_noise(stereo, spec);      // noise keeps its length
  EXPECT_NEAR(static_cast<double>(noise.size()), 32000.0, 2.0);
}

TEST(AudioDecoding, DecodesFlacAndWavFromMemory) {
  const auto audio = tone(16000, 2, 0.1, 440);
  for (const std::string format : {"flac", "wav"}) {
    const auto decoded = decode_audio_bytes(gramt::test::encode_audio(audio, format), "x." + format);
    EXPECT_EQ(decoded.sample_rate, 16000);
    ASSERT_EQ(decoded.channel_count(), 2);
    ASSERT_EQ(decoded.frames(), audio.frames());
    EXPECT_NEAR(decoded.channels[1][100], audio.channels[1][100], 1e-3);
  }
}

TEST(AudioDecoding, CorruptOrTruncatedBytesAreErrorsNamingTheItem) {
  const auto wav = gramt::test::encode_audio(tone(16000, 1, 0.5, 440), "wav");
  for (const std::string& bytes : {std::string("garbage"), std::string(), wav.substr(0, wav.size() / 2)}) {
    try {
      decode_audio_bytes(bytes, "shard.tar:key7");
      FAIL() << "bad bytes decoded";
    } catch (const gramt::Error& e) {
      EXPECT_NE(std::string(e.what()).find("shard.tar:key7"), std::string::npos) << e.what();
    }
  }
}

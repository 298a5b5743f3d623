// HEAR chunking: numbers of timestamp vectors, timestamps and strategy shapes as the reference gives them.
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/model/hear_embedder.h"

using namespace gramt::model;

namespace {

GramtModel tiny_model() {
  ModelConfig c = ModelConfig::base("frame");
  c.size = "custom";
  c.encoder = {1, 32, 2, 64, 1e-6};
  c.decoder.depth = 0;
  c.decoder.dim = 32;
  torch::manual_seed(3);
  return GramtModel(c);
}

gramt::audio::AudioBuffer noise(int64_t samples, int channels) {
  gramt::audio::AudioBuffer a;
  a.sample_rate = 32000;
  torch::manual_seed(5);
  for (int c = 0; c < channels; ++c) {
    const torch::Tensor t = torch::rand({samples}) - 0.5;
    a.channels.emplace_back(t.data_ptr<float>(), t.data_ptr<float>() + samples);
  }
  return a;
}

}  // namespace

TEST(HearEmbedder, RawFramePatchingVectorCountsMatchTheReference) {
  HearEmbedder e(tiny_model(), EmbedOptions{});
  // Samples → number of 80-ms vectors (reference values, model spec §8.2).
  const std::vector<std::pair<int64_t, int64_t>> cases{{16000, 7}, {32000, 13}, {63680, 25}, {64000, 26}, {160000, 63}};
  for (const auto& [samples, rows] : cases) {
    const auto out = e.embed(noise(samples, 2));
    EXPECT_EQ(out.timestamp_embeddings.size(0), rows) << samples;
    EXPECT_EQ(out.timestamp_embeddings.size(1), 8 * 32);
    ASSERT_EQ(out.timestamps.size(0), rows);
    EXPECT_NEAR(out.timestamps[1].item<float>(), 1000.0 * samples / 32000.0 / rows, 1e-3);
    EXPECT_TRUE(torch::allclose(out.scene, out.timestamp_embeddings.mean(0)));
  }
}

TEST(HearEmbedder, ChunkStrategiesKeepTheAllPaddingChunk) {
  EmbedOptions o;
  o.strategy = Strategy::Mean;
  HearEmbedder e(tiny_model(), o);
  // 64000 samples = 201 frames → 2 chunks; 63680 = 200 frames → also 2 (a whole padding chunk).
  EXPECT_EQ(e.embed(noise(64000, 1)).timestamp_embeddings.size(0), 2);
  EXPECT_EQ(e.embed(noise(63680, 1)).timestamp_embeddings.size(0), 2);
  EXPECT_EQ(e.embed(noise(63680, 1)).timestamp_embeddings.size(1), 32);
}

TEST(HearEmbedder, BatchingAcrossClipsGivesTheSameResultAsOneByOne) {
  EmbedOptions o;
  o.chunk_batch = 5;
  HearEmbedder e(tiny_model(), o);
  std::vector<gramt::audio::AudioBuffer> clips{noise(40000, 2), noise(100000, 2), noise(20000, 1)};
  const auto together = e.embed_many(clips, {"a", "b", "c"});
  for (size_t i = 0; i < clips.size(); ++i) {
    const auto alone = e.embed(clips[i]);
    EXPECT_TRUE(torch::allclose(together[i].timestamp_embeddings, alone.timestamp_embeddings, 1e-5, 1e-5)) << i;
  }
}

TEST(HearEmbedder, WrongRateAndTooShortAudioAreErrors) {
  HearEmbedder e(tiny_model(), EmbedOptions{});
  auto a = noise(32000, 2);
  a.sample_rate = 16000;
  EXPECT_THROW(e.embed(a, "x.wav"), gramt::Error);
  EXPECT_THROW(e.embed(noise(300, 2), "short.wav"), gramt::Error);
}

TEST(HearEmbedder, SevenChannelModelsTakeMonoAsFourEqualAmbisonicChannelsAndRefuseStereo) {
  ModelConfig c = ModelConfig::base("frame", 7);
  c.size = "custom";
  c.encoder = {1, 32, 2, 64, 1e-6};
  c.decoder.depth = 0;
  c.decoder.dim = 32;
  torch::manual_seed(3);
  HearEmbedder e(GramtModel(c), EmbedOptions{});
  const auto mono = noise(16000, 1);
  gramt::audio::AudioBuffer foa = mono;
  foa.channels.assign(4, mono.channels[0]);
  const torch::Tensor from_mono = e.features(mono);
  ASSERT_EQ(from_mono.sizes(), (std::vector<int64_t>{7, 51, 128}));
  EXPECT_TRUE(torch::equal(from_mono, e.features(foa)));
  // W = X = Y = Z: each intensity channel is 2|W|² / (4|W|² + eps) projected on the filterbank, so
  // the three are equal and no log is applied (values within the filterbank's row sums, not negative).
  EXPECT_TRUE(torch::equal(from_mono[4], from_mono[6]));
  EXPECT_GE(from_mono.slice(0, 4).min().item<float>(), 0.0f);
  EXPECT_TRUE(torch::equal(from_mono[0], from_mono[3]));
  // Stereo: the mean of the two channels takes the mono path (the reference's stereo path fails).
  const auto stereo = noise(16000, 2);
  gramt::audio::AudioBuffer mean = stereo;
  mean.channels.resize(1);
  for (size_t i = 0; i < mean.channels[0].size(); ++i)
    mean.channels[0][i] = 0.5f * (stereo.channels[0][i] + stereo.channels[1][i]);
  EXPECT_TRUE(torch::equal(e.features(stereo, "two.wav"), e.features(mean)));
  try {
    e.features(noise(16000, 3), "three.wav");
    FAIL() << "3 channels accepted";
  } catch (const gramt::Error& err) {
    EXPECT_NE(std::string(err.what()).find("three.wav: 3 audio channels; a 7-channel model needs 4"), std::string::npos)
        << err.what();
  }
}

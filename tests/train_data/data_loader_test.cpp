#include <gtest/gtest.h>

#include <torch/types.h>

#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/data/data_loader.h"
#include "fixtures.h"
#include "stand_in_scene.h"

namespace fs = std::filesystem;
using namespace gramt::data;
using gramt::test::fresh_dir;
using gramt::test::tone;

namespace {

DataLoaderParams small_params(int workers) {
  DataLoaderParams p;
  p.batch.clip.seconds = 0.25;  // 8000 samples → 26 frames
  p.batch.input_length = 32;
  p.batch.target_length = 8;
  p.batch.samples_per_audio = 2;
  p.batch.num_patches = 10;
  p.batch.mask_patch = 7;
  p.batch.clean_data_ratio = 0.3;
  p.batch.clean_draw = CleanDraw::kPerClip;
  p.clips_per_batch = 3;
  p.workers = workers;
  p.prefetch_batches = 2;
  p.seed = 11;
  return p;
}

// Seven clips of different pitch and rate, one noise folder of two recordings.
struct Corpus {
  fs::path clips, noise;
};

Corpus make_corpus(const std::string& name) {
  const auto dir = fresh_dir(name);
  for (int i = 0; i < 7; ++i)
    gramt::audio::write_wav((dir / "clips" / ("c" + std::to_string(i) + ".wav")).string(),
                            tone(i % 2 ? 16000 : 32000, 1, 0.2 + 0.02 * i, 200 + 150 * i));
  gramt::audio::write_wav((dir / "noise" / "n0.wav").string(), tone(32000, 1, 0.1, 3000));
  gramt::audio::write_wav((dir / "noise" / "n1.wav").string(), tone(32000, 1, 0.4, 5000));
  return {dir / "clips", dir / "noise"};
}

std::unique_ptr<DataLoader> folder_loader(const Corpus& corpus, DataLoaderParams params,
                                          std::shared_ptr<SkipLog> skips = nullptr) {
  auto clips = std::make_shared<FolderClipSequence>(std::make_shared<FolderSource>(corpus.clips.string()), params.seed,
                                                    RandomStream::kClipOrder);
  auto noise = std::make_shared<FolderClipSequence>(std::make_shared<FolderSource>(corpus.noise.string()), params.seed,
                                                    RandomStream::kNoiseOrder);
  return std::make_unique<DataLoader>(params, clips, noise, std::make_shared<gramt::test::StandInScene>(),
                                      skips ? skips : std::make_shared<SkipLog>([](const std::string&) {}));
}

std::vector<TrainingBatch> take(DataLoader& loader, int count) {
  std::vector<TrainingBatch> out;
  for (int i = 0; i < count; ++i) out.push_back(loader.next());
  return out;
}

void expect_same(const TrainingBatch& a, const TrainingBatch& b) {
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.clip_names, b.clip_names);
  EXPECT_TRUE(torch::equal(a.crops, b.crops)) << "batch " << a.index;
  EXPECT_TRUE(torch::equal(a.masks, b.masks)) << "batch " << a.index;
}

}  // namespace

TEST(DataLoader, BatchesHaveTheConfiguredShapes) {
  const auto corpus = make_corpus("loader_shapes");
  auto loader = folder_loader(corpus, small_params(2));
  const auto batch = loader->next();
  EXPECT_EQ(batch.index, 0);
  ASSERT_EQ(batch.crops.sizes(), (std::vector<int64_t>{6, 2, 8, 128}));
  ASSERT_EQ(batch.masks.sizes(), (std::vector<int64_t>{6, 10}));
  EXPECT_TRUE(torch::all(batch.masks.sum(1) == 7).item<bool>());
  EXPECT_EQ(batch.clip_names.size(), 3u);
  EXPECT_EQ(loader->next_batch_index(), 1);
  EXPECT_TRUE(loader->exact_resume());
}

TEST(DataLoader, SameSeedSameBatchesWithOneOrThreeWorkers) {
  const auto corpus = make_corpus("loader_workers");
  auto one = folder_loader(corpus, small_params(1));
  auto three = folder_loader(corpus, small_params(3));
  const auto a = take(*one, 6), b = take(*three, 6);
  for (size_t i = 0; i < a.size(); ++i) expect_same(a[i], b[i]);
  EXPECT_FALSE(torch::equal(a[0].crops, a[1].crops));
  auto params = small_params(2);
  params.seed = 12;
  auto other = folder_loader(corpus, params);
  EXPECT_FALSE(torch::equal(other->next().crops, a[0].crops));
}

TEST(DataLoader, EveryClipIsUsedOncePerEpoch) {
  const auto corpus = make_corpus("loader_epoch");
  auto params = small_params(2);
  params.clips_per_batch = 7;
  auto loader = folder_loader(corpus, params);
  auto names = loader->next().clip_names;
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::unique(names.begin(), names.end()) - names.begin(), 7);
}

TEST(DataLoader, StartBatchReproducesTheUninterruptedRun) {
  const auto corpus = make_corpus("loader_resume");
  auto whole = folder_loader(corpus, small_params(2));
  const auto run = take(*whole, 5);
  auto params = small_params(3);
  params.start_batch = 3;
  auto resumed = folder_loader(corpus, params);
  expect_same(resumed->next(), run[3]);
  expect_same(resumed->next(), run[4]);
}

TEST(DataLoader, StoppingEarlyDoesNotHang) {
  const auto corpus = make_corpus("loader_stop");
  {
    auto loader = folder_loader(corpus, small_params(3));  // never consumed: workers wait on a full queue
  }
  {
    auto loader = folder_loader(corpus, small_params(2));
    loader->next();
    loader->stop();
    EXPECT_THROW(loader->next(), gramt::Error);
  }
  auto loader = folder_loader(corpus, small_params(2));
  take(*loader, 2);
  const auto counters = loader->counters();
  EXPECT_EQ(counters.batches_delivered, 2);
  EXPECT_GE(counters.batches_built, 2);
  EXPECT_GE(counters.wait_seconds_total, counters.last_wait_seconds);
}

TEST(DataLoader, CorruptClipIsSkippedAndReplaced) {
  auto corpus = make_corpus("loader_corrupt");
  gramt::test::write_bytes(corpus.clips / "c3.wav", "RIFF not really a wav file");
  auto skips = std::make_shared<SkipLog>([](const std::string&) {});
  auto params = small_params(2);
  params.clips_per_batch = 7;  // one epoch: the corrupt file is in this batch
  auto loader = folder_loader(corpus, params, skips);
  const auto batch = loader->next();
  EXPECT_EQ(batch.clip_names.size(), 7u);
  for (const auto& name : batch.clip_names) EXPECT_EQ(name.find("c3.wav"), std::string::npos) << name;
  EXPECT_EQ(loader->counters().items_skipped, 1);
  EXPECT_GE(loader->counters().skip_events, 1);  // prefetched batches of later epochs may skip it again
  ASSERT_EQ(loader->skipped_items().size(), 1u);
  EXPECT_NE(loader->skipped_items()[0].name.find("c3.wav"), std::string::npos);
}

TEST(DataLoader, ShardStreamIsDeterministicForAnyWorkerCount) {
  const auto dir = fresh_dir("loader_shards");
  for (int s = 0; s < 2; ++s) {
    std::vector<std::pair<std::string, std::string>> members;
    for (int i = 0; i < 5; ++i) {
      const std::string key = "k" + std::to_string(s * 5 + i);
      members.push_back({key + ".flac", gramt::test::encode_audio(tone(16000, 1, 0.2, 300 + 90 * (s * 5 + i)), "flac")});
      members.push_back({key + ".json", "{}"});
    }
    gramt::test::write_tar(dir / ("train" + std::to_string(s) + ".tar"), members);
  }
  auto make = [&](int workers) {
    auto params = small_params(workers);
    ShardSourceParams shard_params;
    shard_params.patterns = {(dir / "train{0..1}.tar").string()};
    shard_params.shuffle_buffer = 4;
    shard_params.seed = params.seed;
    auto clips = std::make_shared<ShardClipSequence>(std::make_shared<ShardSource>(shard_params), params.start_batch);
    params.batch.with_noise = false;
    return std::make_unique<DataLoader>(params, clips, nullptr, std::make_shared<gramt::test::StandInScene>());
  };
  auto one = make(1), three = make(3);
  EXPECT_FALSE(one->exact_resume());
  const auto a = take(*one, 7), b = take(*three, 7);  // 21 clips: more than two passes over 10 items
  for (size_t i = 0; i < a.size(); ++i) expect_same(a[i], b[i]);
}

TEST(DataLoader, WorkerErrorsReachTheConsumer) {
  const auto dir = fresh_dir("loader_all_bad");
  gramt::test::write_bytes(dir / "bad1.wav", "RIFF broken");
  gramt::test::write_bytes(dir / "bad2.wav", "RIFF broken too");
  auto params = small_params(2);
  params.batch.with_noise = params.batch.with_rir = false;
  auto clips = std::make_shared<FolderClipSequence>(std::make_shared<FolderSource>(dir.string()), 1,
                                                    RandomStream::kClipOrder);
  DataLoader loader(params, clips, nullptr, nullptr, std::make_shared<SkipLog>([](const std::string&) {}));
  EXPECT_THROW(loader.next(), gramt::Error);
  EXPECT_THROW(loader.next(), gramt::Error);  // and stays failed
}

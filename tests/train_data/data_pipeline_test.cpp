#include <gtest/gtest.h>

#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/data/data_pipeline.h"
#include "fixtures.h"
#include "stand_in_scene.h"

namespace fs = std::filesystem;
using namespace gramt::data;
using gramt::test::fresh_dir;
using gramt::test::tone;

namespace {

DataPipelineParams small_pipeline(const fs::path& clips, const fs::path& noise) {
  DataPipelineParams p;
  p.clips = clips.string();
  p.noise = noise.string();
  p.loader.batch.clip.seconds = 0.25;
  p.loader.batch.input_length = 32;
  p.loader.batch.target_length = 8;
  p.loader.batch.samples_per_audio = 2;
  p.loader.batch.num_patches = 10;
  p.loader.batch.mask_patch = 5;
  p.loader.clips_per_batch = 2;
  p.loader.workers = 2;
  p.shuffle_buffer = 2;
  return p;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const gramt::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(DataPipeline, TellsShardPatternsFromFolders) {
  EXPECT_TRUE(is_shard_location("/d/unbal_train{000..869}.tar"));
  EXPECT_TRUE(is_shard_location("/d/one.tar"));
  EXPECT_TRUE(is_shard_location("/d/one.tar.gz"));
  EXPECT_FALSE(is_shard_location("/d/wham_noise/tr"));
}

TEST(DataPipeline, DataRatioKeepsTheReferenceShardCounts) {
  EXPECT_EQ(data_shard_count(870, 0.01), 16);
  EXPECT_EQ(data_shard_count(870, 0.25), 218);
  EXPECT_EQ(data_shard_count(870, 1.0), 870);
  EXPECT_EQ(data_shard_count(10, 0.25), 3);
  EXPECT_EQ(data_shard_count(10, 0.01), 1);
  EXPECT_THROW(data_shard_count(10, 0.0), gramt::Error);
}

TEST(DataPipeline, FolderClipsWithShardNoise) {
  const auto dir = fresh_dir("pipeline_mixed");
  for (int i = 0; i < 4; ++i)
    gramt::audio::write_wav((dir / "clips" / ("c" + std::to_string(i) + ".wav")).string(), tone(32000, 1, 0.2, 300 + 100 * i));
  gramt::test::write_tar(dir / "noise-000.tar", {{"n0.wav", gramt::test::encode_audio(tone(32000, 1, 0.3, 4000), "wav")},
                                                 {"n1.flac", gramt::test::encode_audio(tone(16000, 1, 0.3, 2000), "flac")}});
  auto params = small_pipeline(dir / "clips", dir / "noise-{000..000}.tar");
  params.data_ratio = 0.5;  // the first two sorted files
  auto loader = make_data_loader(params, std::make_shared<gramt::test::StandInScene>());
  for (int b = 0; b < 3; ++b) {
    const auto batch = loader->next();
    ASSERT_EQ(batch.crops.sizes(), (std::vector<int64_t>{4, 2, 8, 128}));
    for (const auto& name : batch.clip_names)
      EXPECT_TRUE(name.find("c0.wav") != std::string::npos || name.find("c1.wav") != std::string::npos) << name;
  }
  EXPECT_FALSE(loader->exact_resume());  // the noise stream cannot jump
}

TEST(DataPipeline, MissingOrEmptyDataFailsBeforeAnyWork) {
  const auto dir = fresh_dir("pipeline_errors");
  auto scenes = std::make_shared<gramt::test::StandInScene>();
  EXPECT_NE(error_of([&] { make_data_loader(small_pipeline(dir / "absent", ""), scenes); }).find("does not exist"),
            std::string::npos);
  fs::create_directories(dir / "empty");
  EXPECT_NE(error_of([&] { make_data_loader(small_pipeline(dir / "empty", ""), scenes); }).find("no audio"),
            std::string::npos);
  EXPECT_NE(error_of([&] { make_data_loader(small_pipeline(dir / "train{000..869}.tar", ""), scenes); })
                .find("no shard exists"),
            std::string::npos);
  gramt::audio::write_wav((dir / "ok" / "a.wav").string(), tone(32000, 1, 0.2, 300));
  EXPECT_NE(error_of([&] { make_data_loader(small_pipeline(dir / "ok", dir / "no-noise"), scenes); }).find("no-noise"),
            std::string::npos);
  auto params = small_pipeline(dir / "ok", "");
  params.world_size = 2;
  params.loader.rank = 2;
  EXPECT_NE(error_of([&] { make_data_loader(params, scenes); }).find("rank"), std::string::npos);
}

TEST(DataPipeline, RanksOfAFolderGetDisjointClips) {
  const auto dir = fresh_dir("pipeline_ranks");
  for (int i = 0; i < 8; ++i)
    gramt::audio::write_wav((dir / ("c" + std::to_string(i) + ".wav")).string(), tone(32000, 1, 0.1, 300 + 50 * i));
  std::vector<std::string> seen;
  for (int rank = 0; rank < 2; ++rank) {
    auto params = small_pipeline(dir, "");
    params.loader.batch.with_noise = false;
    params.world_size = 2;
    params.loader.rank = rank;
    params.loader.clips_per_batch = 4;  // 2 ranks × 4 clips = one epoch per global batch
    auto loader = make_data_loader(params, std::make_shared<gramt::test::StandInScene>());
    const auto names = loader->next().clip_names;
    seen.insert(seen.end(), names.begin(), names.end());
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()) - seen.begin(), 8);
}

#include <gtest/gtest.h>

#include <filesystem>

#include "core/common/error.h"
#include "core/data/data_settings.h"

namespace fs = std::filesystem;
using namespace gramt::data;

namespace {

const char* kAudioSet = R"(
base_data_dir: /data/audioset/unbal_train{000..869}.tar
base_noise_dir: /data/wham_noise/tr/shard-{000000..000019}.tar
rir_data_dir: /data/binaural_rirs/train/shard-{000000..000069}.tar
data_ratio: 0.25
num_mel_bins: 128
sr: 32000
in_channels: 2
input_length: 1024
target_length: 200
samples_per_audio: 16
mask_patch: 160
cluster: False
clean_data_ratio: 0.25
with_noise: True
with_rir: True
audio_key: wav
rir_source: sofa
sofa_file: /usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa
num_workers: 8
prefetch: 3
shuffle_buffer: 500
synthesize:
  speech_clips: 5
  seconds: 4.0
)";

std::string error_of(const std::string& yaml) {
  try {
    read_data_settings(YAML::Load(yaml), "test.yaml");
  } catch (const gramt::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(DataSettings, ReadsTheDataSection) {
  const auto s = read_data_settings(YAML::Load(kAudioSet), "test.yaml");
  EXPECT_EQ(s.pipeline.clips, "/data/audioset/unbal_train{000..869}.tar");
  EXPECT_EQ(s.pipeline.noise, "/data/wham_noise/tr/shard-{000000..000019}.tar");
  EXPECT_DOUBLE_EQ(s.pipeline.data_ratio, 0.25);
  EXPECT_EQ(s.pipeline.audio_extensions, (std::vector<std::string>{"wav", "flac", "npy"}));
  EXPECT_EQ(s.pipeline.shuffle_buffer, 500);
  const auto& loader = s.pipeline.loader;
  EXPECT_EQ(loader.workers, 8);
  EXPECT_EQ(loader.prefetch_batches, 3);
  EXPECT_EQ(loader.batch.clip.sample_rate, 32000);
  EXPECT_DOUBLE_EQ(loader.batch.clip.seconds, 10.0);
  EXPECT_EQ(loader.batch.channels, 2);
  EXPECT_EQ(loader.batch.input_length, 1024);
  EXPECT_EQ(loader.batch.target_length, 200);
  EXPECT_EQ(loader.batch.samples_per_audio, 16);
  EXPECT_EQ(loader.batch.mask_patch, 160);
  EXPECT_DOUBLE_EQ(loader.batch.clean_data_ratio, 0.25);
  EXPECT_EQ(loader.batch.clean_draw, CleanDraw::kPerBatch);
  EXPECT_EQ(s.rooms.source, "sofa");
  EXPECT_EQ(s.rooms.sample_rate, 32000);
  EXPECT_EQ(s.rooms.channels, 2);
  EXPECT_TRUE(s.synthesize);
  EXPECT_EQ(s.demo.speech_clips, 5);
  EXPECT_EQ(s.demo.note_clips, DemoCorpusSpec{}.note_clips);
  EXPECT_DOUBLE_EQ(s.demo.seconds, 4.0);
}

TEST(DataSettings, BadValuesAreErrorsNamingTheKey) {
  const std::string base = kAudioSet;
  EXPECT_NE(error_of("sr: 32000\n").find("data.base_data_dir is missing"), std::string::npos);
  auto replaced = [&](const std::string& from, const std::string& to) {
    auto text = base;
    text.replace(text.find(from), from.size(), to);
    return error_of(text);
  };
  EXPECT_NE(replaced("cluster: False", "cluster: True").find("data.cluster"), std::string::npos);
  EXPECT_NE(replaced("mask_patch: 160", "mask_patch: lots").find("data.mask_patch"), std::string::npos);
  EXPECT_NE(replaced("target_length: 200", "target_length: 2000").find("target_length"), std::string::npos);
  EXPECT_NE(replaced("seconds: 4.0", "seconds: -1").find("data.synthesize.seconds"), std::string::npos);
  EXPECT_NE(error_of("[1, 2]").find("must be a mapping"), std::string::npos);
}

TEST(DataSettings, EveryDataConfigOfTheProjectIsReadable) {
  const fs::path configs = fs::path(GRAMT_TEST_DATA_DIR).parent_path().parent_path() / "configs" / "data";
  if (!fs::is_directory(configs)) GTEST_SKIP() << "no configs/data folder";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(configs)) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    EXPECT_NO_THROW(read_data_settings(YAML::LoadFile(entry.path().string()), entry.path().string()))
        << entry.path();
  }
  EXPECT_GT(files, 0);
}

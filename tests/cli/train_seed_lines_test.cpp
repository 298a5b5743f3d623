// The reference's two pretraining command lines, word for word after `gramt-cli train`, on a tiny
// data folder laid out like the reference's (AudioSet and WHAM! noise as WebDataset tar shards).
// Only data.root and the size of the run are appended (later overrides win): the published batch
// of 32 clips × 16 crops needs far more memory than a test machine has.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/io/npy.h"
#include "tests/train_data/fixtures.h"

namespace fs = std::filesystem;

namespace {

// Two AudioSet-like shards (of the 870 the pattern names: the rest are reported missing and
// skipped) with FLAC clips and JSON metadata; a WHAM!-style noise shard of headerless .npy audio and
// a room-response shard of .npy records (responses, channels, taps), as the reference stored them.
fs::path tiny_reference_layout() {
  using namespace gramt::test;
  const fs::path root = fresh_dir("seed-lines-data");
  for (int shard = 0; shard < 2; ++shard) {
    std::vector<std::pair<std::string, std::string>> members;
    for (int clip = 0; clip < 3; ++clip) {
      const std::string key = "clip" + std::to_string(shard) + std::to_string(clip);
      members.push_back({key + ".flac", encode_audio(tone(32000, 1, 4.0, 220.0 * (clip + 1)), "flac")});
      members.push_back({key + ".json", R"({"labels": ["/m/0test"]})"});
    }
    fs::create_directories(root / "audioset");
    write_tar(root / "audioset" / ("unbal_train00" + std::to_string(shard) + ".tar"), members);
  }
  fs::create_directories(root / "wham_noise" / "tr");
  auto npy = [](const std::vector<float>& values, const std::vector<int64_t>& shape) {
    std::string bytes = gramt::io::npy_header("<f4", shape);
    bytes.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
    return bytes;
  };
  write_tar(root / "wham_noise" / "tr" / "shard-000000.tar",
            {{"n0.npy", npy(tone(32000, 1, 3.0, 1234.0).channels[0], {96000})},
             {"n1.wav", encode_audio(tone(32000, 1, 3.0, 777.0), "wav")}});
  // Two records: a source and two noise sources, binaural, 800 taps of decaying noise each.
  std::vector<std::pair<std::string, std::string>> rirs;
  for (int record = 0; record < 2; ++record) {
    std::vector<float> stack(3 * 2 * 800);
    for (size_t i = 0; i < stack.size(); ++i)
      stack[i] = static_cast<float>(std::exp(-double(i % 800) / 100.0) * (static_cast<int>((i * 7919 + record) % 13) - 6) / 6.0);
    rirs.push_back({"r" + std::to_string(record) + ".npy", npy(stack, {3, 2, 800})});
  }
  fs::create_directories(root / "binaural_rirs" / "train");
  write_tar(root / "binaural_rirs" / "train" / "shard-000000.tar", rirs);
  // The same as first-order ambisonic records: 4 channels per response.
  std::vector<std::pair<std::string, std::string>> foa;
  for (int record = 0; record < 2; ++record) {
    std::vector<float> stack(3 * 4 * 800);
    for (size_t i = 0; i < stack.size(); ++i)
      stack[i] = static_cast<float>(std::exp(-double(i % 800) / 100.0) * (static_cast<int>((i * 7919 + record) % 13) - 6) / 6.0);
    foa.push_back({"a" + std::to_string(record) + ".npy", npy(stack, {3, 4, 800})});
  }
  fs::create_directories(root / "ambisonic_rirs" / "train");
  write_tar(root / "ambisonic_rirs" / "train" / "shard-000000.tar", foa);
  return root;
}

struct TrainRun {
  int exit_code;
  std::string out, err;
};

TrainRun train(const std::string& seed_line, const fs::path& root, const fs::path& run_dir) {
  const fs::path out = run_dir.string() + ".out", err = run_dir.string() + ".err";
  const std::string cmd = std::string(GRAMT_CLI) + " train " + seed_line + " data.root=" + root.string() +
                          " trainer.batch_size=1 data.samples_per_audio=2 trainer.steps=1 data.num_workers=1"
                          " --run-dir " + run_dir.string() + " >" + out.string() + " 2>" + err.string();
  const int status = std::system(cmd.c_str());
  auto slurp = [](const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  return {WEXITSTATUS(status), slurp(out), slurp(err)};
}

TEST(TrainSeedLines, TimePatchingRecipeRunsVerbatim) {
  const fs::path root = tiny_reference_layout();
  const fs::path run = gramt::test::fresh_dir("seed-lines-run") / "time";
  const TrainRun r = train("data=audioset data.sr=32000 patching=time data.mask_patch=80 trainer.batch_size=32 trainer.steps=200000",
                      root, run);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("name: time"), std::string::npos) << "resolved config printed at start";
  EXPECT_TRUE(fs::exists(run / "config.yaml"));
  EXPECT_TRUE(fs::exists(run / "checkpoints" / "step-00000001.safetensors"));
  EXPECT_NE(r.err.find("do not exist"), std::string::npos) << "the missing shards of the pattern are reported";
}

TEST(TrainSeedLines, FramePatchingRecipeRunsVerbatim) {
  const fs::path root = tiny_reference_layout();
  const fs::path run = gramt::test::fresh_dir("seed-lines-run") / "frame";
  // Here the room responses come from the reference's own RIR shards instead of rendered rooms.
  const TrainRun r = train("patching=frame data.mask_patch=100 trainer.batch_size=32 trainer.steps=200000 data.rir_source=shards",
                           root, run);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(run / "checkpoints" / "step-00000001.safetensors"));
}

TEST(TrainSeedLines, MissingDataFolderStopsBeforeTraining) {
  const fs::path run = gramt::test::fresh_dir("seed-lines-run") / "missing";
  const TrainRun r = train("data=audioset", "/nonexistent-gramt-data", run);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("no shard exists"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(run / "checkpoints"));
}

}  // namespace

TEST(TrainSeedLines, AmbisonicRecipeTrainsOnFoaShardsAndOnRenderedRooms) {
  const fs::path root = tiny_reference_layout();
  const fs::path runs = gramt::test::fresh_dir("seed-lines-run");
  TrainRun r = train("data=audioset_ambisonics data.rir_source=shards trainer.batch_size=32 trainer.steps=200000", root,
                     runs / "foa-shards");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("in_channels: 7"), std::string::npos);
  EXPECT_TRUE(fs::exists(runs / "foa-shards" / "checkpoints" / "step-00000001.safetensors"));
  r = train("data=audioset_ambisonics", root, runs / "foa-rooms");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(runs / "foa-rooms" / "checkpoints" / "step-00000001.safetensors"));
}

TEST(TrainSeedLines, BinauralResponsesInAnAmbisonicRunAreNamed) {
  const fs::path root = tiny_reference_layout();
  const fs::path run = gramt::test::fresh_dir("seed-lines-run") / "mismatch";
  const TrainRun r = train("data=audioset_ambisonics data.rir_source=shards "
                           "data.rir_data_dir=" + (root / "binaural_rirs" / "train" / "shard-000000.tar").string(),
                           root, run);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("2-channel room response in an ambisonic (7-channel) run"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("shard-000000.tar"), std::string::npos) << "the shard is named: " << r.err;
}

TEST(TrainSeedLines, BinauralRoomsForASevenChannelModelAreRefusedByKey) {
  const fs::path root = tiny_reference_layout();
  const fs::path run = gramt::test::fresh_dir("seed-lines-run") / "sofa7";
  const TrainRun r = train("data=audioset data.in_channels=7", root, run);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("data.rir_source sofa renders binaural rooms"), std::string::npos) << r.err;
}

TEST(TrainSeedLines, AMonoModelTrainsOnBinauralScenes) {
  const fs::path root = tiny_reference_layout();
  const fs::path run = gramt::test::fresh_dir("seed-lines-run") / "mono";
  const TrainRun r = train("data=audioset data.in_channels=1", root, run);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(run / "checkpoints" / "step-00000001.safetensors"));
}

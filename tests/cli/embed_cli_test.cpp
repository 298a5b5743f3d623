// gramt-cli embed end to end on the golden audio, and its behaviour on every kind of bad input:
// one clear line naming the file, a non-zero exit, and no output left behind.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/audio/audio_file.h"
#include "core/io/npy.h"

namespace fs = std::filesystem;

namespace {

const std::string kGolden = std::string(GRAMT_TEST_DATA_DIR) + "/golden/frame/";

struct CliRun {
  int exit_code;
  std::string err;
};

CliRun run_cli(const std::string& args, const fs::path& dir) {
  const fs::path err = dir / "stderr.txt";
  const std::string cmd = std::string(GRAMT_CLI) + " " + args + " 2>" + err.string() + " >/dev/null";
  const int status = std::system(cmd.c_str());
  std::ifstream in(err);
  std::stringstream ss;
  ss << in.rdbuf();
  return {WEXITSTATUS(status), ss.str()};
}

fs::path temp_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("gramt_cli_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p / "out");
  return p;
}

int npy_files_in(const fs::path& dir) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().extension() == ".npy" || e.path().string().find(".tmp") != std::string::npos;
  return n;
}

std::string embed_args(const std::string& weights, const fs::path& out, const std::string& audio) {
  return "embed --model-config " + kGolden + "model.yaml --weights " + weights + " --out " + out.string() + " " + audio;
}

}  // namespace

TEST(CliEmbed, GoldenAudioGivesTheReferenceEmbeddings) {
  const auto dir = temp_dir("golden");
  const CliRun r = run_cli(embed_args(kGolden + "weights.safetensors", dir / "out", kGolden + "audio.wav"), dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto ours = gramt::io::read_npy((dir / "out" / "audio.timestamp_embeddings.npy").string());
  const auto ref = gramt::io::read_npy(kGolden + "timestamp_embeddings.npy");
  ASSERT_EQ(ours.shape, (std::vector<int64_t>{ref.shape[1], ref.shape[2]}));
  const auto a = ours.to_double(), b = ref.to_double();
  double err = 0;
  for (size_t i = 0; i < a.size(); ++i) err = std::max(err, std::abs(a[i] - b[i]));
  EXPECT_LT(err, 1e-4);
  const auto scene = gramt::io::read_npy((dir / "out" / "audio.scene_embeddings.npy").string());
  EXPECT_EQ(scene.shape, (std::vector<int64_t>{ref.shape[2]}));
  // Timestamps as the HEAR harness sees them (channels-last audio): i · duration / n, in ms.
  const auto ts = gramt::io::read_npy((dir / "out" / "audio.timestamps.npy").string()).to_double();
  ASSERT_EQ(ts.size(), 42u);
  EXPECT_NEAR(ts[41], 41 * 3300.0 / 42, 1e-2);
}

TEST(CliEmbed, AmbisonicCaseGivesTheReferenceEmbeddings) {
  const std::string foa = std::string(GRAMT_TEST_DATA_DIR) + "/golden/foa/";
  const auto dir = temp_dir("foa");
  // The reference's case holds W, X, Y, Z as its front end reads them.
  const CliRun r = run_cli("embed --foa-format wxyz --model-config " + foa + "model.yaml --weights " + foa + "weights.safetensors --out " +
                               (dir / "out").string() + " " + foa + "audio.wav",
                           dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const std::string name : {"timestamp_embeddings", "scene_embeddings"}) {
    const auto ours = gramt::io::read_npy((dir / "out" / ("audio." + name + ".npy")).string()).to_double();
    const auto ref = gramt::io::read_npy(foa + name + ".npy").to_double();
    ASSERT_EQ(ours.size(), ref.size()) << name;
    double err = 0;
    for (size_t i = 0; i < ours.size(); ++i) err = std::max(err, std::abs(ours[i] - ref[i]));
    EXPECT_LT(err, 1e-4) << name;
  }
}

TEST(CliEmbed, AmbisonicFeaturesMatchTheReferenceLogMels) {
  const std::string foa = std::string(GRAMT_TEST_DATA_DIR) + "/golden/foa/";
  const auto dir = temp_dir("foa_features");
  const CliRun r = run_cli("features --channels 7 --out " + (dir / "out").string() + " " + foa + "audio.wav", dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto ours = gramt::io::read_npy((dir / "out" / "audio.logmel.npy").string());
  const auto ref = gramt::io::read_npy(foa + "hear_logmel.npy");
  ASSERT_EQ(ours.shape, (std::vector<int64_t>{7, ref.shape[2], ref.shape[3]}));
  const auto a = ours.to_double(), b = ref.to_double();
  double err = 0;
  for (size_t i = 0; i < a.size(); ++i) err = std::max(err, std::abs(a[i] - b[i]));
  EXPECT_LT(err, 1e-4);
}

TEST(CliEmbed, StereoAudioForAnAmbisonicModelIsAveragedAndSaysSo) {
  const std::string foa = std::string(GRAMT_TEST_DATA_DIR) + "/golden/foa/";
  const auto dir = temp_dir("foa_stereo");
  const CliRun r = run_cli("embed --model-config " + foa + "model.yaml --weights " + foa + "weights.safetensors --out " +
                               (dir / "out").string() + " " + kGolden + "audio.wav",
                           dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("stereo for a 7-channel model: the mean of the two channels on W, X, Y and Z"), std::string::npos)
      << r.err;
  EXPECT_EQ(npy_files_in(dir / "out"), 3);
}

TEST(CliEmbed, MissingAudioFileFailsCleanly) {
  const auto dir = temp_dir("missing");
  const CliRun r = run_cli(embed_args(kGolden + "weights.safetensors", dir / "out", "/nope/missing.wav"), dir);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("/nope/missing.wav"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  EXPECT_EQ(npy_files_in(dir / "out"), 0);
}

TEST(CliEmbed, BadAudioInputsEachNameTheFile) {
  const auto dir = temp_dir("badaudio");
  gramt::audio::AudioBuffer a;
  a.sample_rate = 16000;
  a.channels.assign(2, std::vector<float>(16000, 0.1f));
  gramt::audio::write_wav((dir / "rate16k.wav").string(), a);
  a.sample_rate = 32000;
  a.channels[0][10] = std::numeric_limits<float>::infinity();
  gramt::audio::write_wav((dir / "inf.wav").string(), a);
  std::ofstream(dir / "junk.wav") << "RIFF? no";
  a.channels[0][10] = 0;
  gramt::audio::write_wav((dir / "cut.wav").string(), a);
  fs::resize_file(dir / "cut.wav", 2000);
  for (const std::string name : {"rate16k.wav", "inf.wav", "junk.wav", "cut.wav"}) {
    const CliRun r = run_cli(embed_args(kGolden + "weights.safetensors", dir / "out", (dir / name).string()), dir);
    EXPECT_NE(r.exit_code, 0) << name;
    EXPECT_NE(r.err.find(name), std::string::npos) << name << ": " << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  }
  EXPECT_EQ(npy_files_in(dir / "out"), 0);
}

TEST(CliEmbed, BadWeightsFilesFailBeforeAnyOutput) {
  const auto dir = temp_dir("badweights");
  std::ofstream(dir / "garbage.safetensors") << "\xff\xff\xff\xff\xff\xff\xff\x7f{}";
  fs::copy_file(kGolden + "weights.safetensors", dir / "cut.safetensors");
  fs::resize_file(dir / "cut.safetensors", fs::file_size(dir / "cut.safetensors") / 2);
  for (const std::string name : {"garbage.safetensors", "cut.safetensors"}) {
    const CliRun r = run_cli(embed_args((dir / name).string(), dir / "out", kGolden + "audio.wav"), dir);
    EXPECT_NE(r.exit_code, 0) << name;
    EXPECT_NE(r.err.find(name), std::string::npos) << name << ": " << r.err;
  }
  // Weights of the frame case with the time case's config: shapes disagree.
  const CliRun r = run_cli("embed --model-config " + std::string(GRAMT_TEST_DATA_DIR) + "/golden/time/model.yaml --weights " +
                            kGolden + "weights.safetensors --out " + (dir / "out").string() + " " + kGolden + "audio.wav",
                        dir);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("has shape"), std::string::npos) << r.err;
  EXPECT_EQ(npy_files_in(dir / "out"), 0);
}

TEST(CliEmbed, PrecisionBf16StaysNearFp32AndBadValuesListTheValidOnes) {
  const auto dir = temp_dir("precision");
  const CliRun r = run_cli(embed_args(kGolden + "weights.safetensors", dir / "out", kGolden + "audio.wav") + " --precision bf16", dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;  // on a CPU without native bf16 a note, then fp32
  const auto ours = gramt::io::read_npy((dir / "out" / "audio.timestamp_embeddings.npy").string()).to_double();
  const auto ref = gramt::io::read_npy(kGolden + "timestamp_embeddings.npy");
  const auto b = ref.to_double();
  const size_t d = static_cast<size_t>(ref.shape[2]);
  ASSERT_EQ(ours.size(), b.size());
  double worst = 1;
  for (size_t row = 0; row < ours.size() / d; ++row) {
    double ab = 0, aa = 0, bb = 0;
    for (size_t j = row * d; j < (row + 1) * d; ++j) ab += ours[j] * b[j], aa += ours[j] * ours[j], bb += b[j] * b[j];
    worst = std::min(worst, ab / std::sqrt(aa * bb));
  }
  EXPECT_GE(worst, 0.999) << "every timestamp vector within cosine 0.999 of the reference's";
  for (const std::string command : {"embed --out o a.wav", "embed-tasks --tasks-dir t --embeddings-dir e",
                                     "evaluate --tasks-dir t --embeddings-dir e"}) {
    const CliRun bad = run_cli(command + " --precision 16 --weights w.safetensors", dir);
    EXPECT_NE(bad.exit_code, 0) << command;
    EXPECT_NE(bad.err.find("--precision: '16' is not one of 32, fp32, bf16, bf16-mixed, int8"), std::string::npos)
        << command << ": " << bad.err;
  }
}

TEST(CliEmbed, PrecisionInt8StaysNearFp32FallsBackWithANoteAndIsRefusedForTraining) {
  const auto dir = temp_dir("int8");
  const std::string args = embed_args(kGolden + "weights.safetensors", dir / "out", kGolden + "audio.wav") + " --precision int8";
  const CliRun r = run_cli(args, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;  // on a CPU without VNNI a note, then fp32
  const auto ours = gramt::io::read_npy((dir / "out" / "audio.timestamp_embeddings.npy").string()).to_double();
  const auto ref = gramt::io::read_npy(kGolden + "timestamp_embeddings.npy");
  const auto b = ref.to_double();
  const size_t d = static_cast<size_t>(ref.shape[2]);
  ASSERT_EQ(ours.size(), b.size());
  double worst = 1;
  for (size_t row = 0; row < ours.size() / d; ++row) {
    double ab = 0, aa = 0, bb = 0;
    for (size_t j = row * d; j < (row + 1) * d; ++j) ab += ours[j] * b[j], aa += ours[j] * ours[j], bb += b[j] * b[j];
    worst = std::min(worst, ab / std::sqrt(aa * bb));
  }
  EXPECT_GE(worst, 0.995) << "every timestamp vector within cosine 0.995 of the reference's";

  // Without the direct oneDNN products: one line saying so, and the embeddings are fp32's.
  ::setenv("GRAMT_NO_ONEDNN", "1", 1);
  const CliRun fallback = run_cli(args, dir);
  ::unsetenv("GRAMT_NO_ONEDNN");
  ASSERT_EQ(fallback.exit_code, 0) << fallback.err;
  EXPECT_NE(fallback.err.find("gramt-cli: note: --precision int8: int8 needs the direct oneDNN products (LibTorch 1.x "
                              "with oneDNN, GRAMT_NO_ONEDNN unset); computing in fp32"),
            std::string::npos)
      << fallback.err;

  // Training: refused by name, before any work.
  const CliRun bench = run_cli("bench train --precision int8", dir);
  EXPECT_NE(bench.exit_code, 0);
  EXPECT_NE(bench.err.find("bench train --precision: int8 is for embedding only (embed, embed-tasks, evaluate); training "
                           "computes in 32 or bf16-mixed"),
            std::string::npos)
      << bench.err;
  const CliRun train = run_cli("train data=demo trainer=cpu_demo trainer.precision=int8 trainer.steps=1 save_dir=" +
                                   (dir / "runs").string(),
                               dir);
  EXPECT_NE(train.exit_code, 0);
  EXPECT_NE(train.err.find("trainer.precision: int8 is for embedding only"), std::string::npos) << train.err;
}

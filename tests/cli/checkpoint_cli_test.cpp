// gramt-cli with PyTorch / Lightning checkpoints: embed, info and convert read the .ckpt the fixture writes
// from the golden weights under the LightningModule's names, and give the safetensors path's outputs;
// hostile checkpoints are each refused with one line, nothing executed, nothing written.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/io/npy.h"
#include "../io/torch_checkpoint_fixture.h"

namespace fs = std::filesystem;

namespace {

const std::string kFrame = std::string(GRAMT_TEST_DATA_DIR) + "/golden/frame/";

struct CliResult {
  int exit_code;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CliResult cli(const std::string& args, const fs::path& dir) {
  const std::string cmd = std::string(GRAMT_CLI) + " " + args + " >" + (dir / "o.txt").string() + " 2>" + (dir / "e.txt").string();
  const int status = std::system(cmd.c_str());
  return {WEXITSTATUS(status), slurp(dir / "o.txt"), slurp(dir / "e.txt")};
}

fs::path temp_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("gramt_cli_ckpt_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

std::vector<float> npy(const fs::path& p) {
  const auto a = gramt::io::read_npy(p.string());
  return a.to_float();
}

// The golden frame weights as a Lightning checkpoint, one weight stored transposed as torch might.
std::vector<gramt::test::CheckpointTensor> golden_tensors() {
  auto tensors = gramt::test::lightning_tensors_of(kFrame + "weights.safetensors");
  for (auto& t : tensors)
    if (t.name == "encoder.layers.encoder_layer_0.mlp.0.weight") t.store_transposed = true;
  return tensors;
}

}  // namespace

TEST(CliCheckpoint, EmbedInfoAndConvertGiveTheSafetensorsResults) {
  const auto dir = temp_dir("golden");
  const std::string ckpt = (dir / "step=1234.ckpt").string();
  gramt::test::write_checkpoint(ckpt, golden_tensors());

  const std::string embed = "embed --model-config " + kFrame + "model.yaml --out ";
  fs::create_directories(dir / "st");
  fs::create_directories(dir / "ck");
  ASSERT_EQ(cli(embed + (dir / "st").string() + " --weights " + kFrame + "weights.safetensors " + kFrame + "audio.wav", dir).exit_code, 0);
  const CliResult from_ckpt = cli(embed + (dir / "ck").string() + " --weights " + ckpt + " " + kFrame + "audio.wav", dir);
  ASSERT_EQ(from_ckpt.exit_code, 0) << from_ckpt.err;
  for (const std::string name : {"audio.timestamp_embeddings.npy", "audio.scene_embeddings.npy", "audio.timestamps.npy"})
    EXPECT_EQ(npy(dir / "ck" / name), npy(dir / "st" / name)) << name;

  const CliResult info = cli("info " + ckpt + " --model-config " + kFrame + "model.yaml --keys", dir);
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("checkpoint: step 1234, epoch 3"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("encoder.layers.encoder_layer_0.mlp.0.weight  F32 [256, 64]"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("loads: yes (prefix ''"), std::string::npos) << info.out;

  // convert stores the config, so the converted file needs no --model-config.
  const std::string converted = (dir / "converted.safetensors").string();
  const CliResult conv = cli("convert " + ckpt + " " + converted + " --model-config " + kFrame + "model.yaml", dir);
  ASSERT_EQ(conv.exit_code, 0) << conv.err;
  fs::create_directories(dir / "cv");
  ASSERT_EQ(cli("embed --out " + (dir / "cv").string() + " --weights " + converted + " " + kFrame + "audio.wav", dir).exit_code, 0);
  EXPECT_EQ(npy(dir / "cv" / "audio.timestamp_embeddings.npy"), npy(dir / "st" / "audio.timestamp_embeddings.npy"));
  const CliResult conv_info = cli("info " + converted, dir);
  EXPECT_NE(conv_info.out.find("metadata gramt.checkpoint.global_step: 1234"), std::string::npos) << conv_info.out;
}

TEST(CliCheckpoint, HostileCheckpointsAreRefusedWithOneLineAndNothingWritten) {
  const auto dir = temp_dir("hostile");
  const auto good = golden_tensors();
  std::vector<std::pair<std::string, std::string>> cases;  // file, expected words

  std::ofstream(dir / "text.ckpt") << "not a zip";
  cases.emplace_back("text.ckpt", "not a PyTorch checkpoint");

  gramt::test::PickleBytes evil;
  evil.proto2().global("posix", "system").text("touch " + (dir / "pwned").string()).op('\x85').op('R').op('.');
  gramt::test::write_zip((dir / "evil.ckpt").string(), {{"archive/data.pkl", evil.str()}, {"archive/version", "3\n"}});
  cases.emplace_back("evil.ckpt", "refused: the pickle asks for global 'posix.system'");

  gramt::test::PickleBytes odd;
  odd.proto2().op('}').op('\xfe').op('.');
  gramt::test::write_zip((dir / "opcode.ckpt").string(), {{"archive/data.pkl", odd.str()}});
  cases.emplace_back("opcode.ckpt", "pickle opcode 0xfe");

  gramt::test::write_zip((dir / "nopickle.ckpt").string(), {{"archive/version", "3\n"}});
  cases.emplace_back("nopickle.ckpt", "no <name>/data.pkl");

  gramt::test::CheckpointOptions short_storage;
  short_storage.truncate_storage = 8;
  gramt::test::write_checkpoint((dir / "short.ckpt").string(), good, short_storage);
  cases.emplace_back("short.ckpt", "fewer than tensor");

  auto missing = good;
  missing.erase(std::find_if(missing.begin(), missing.end(), [](const auto& t) { return t.name == "encoder.ln.weight"; }));
  gramt::test::write_checkpoint((dir / "missing.ckpt").string(), missing);
  cases.emplace_back("missing.ckpt", "missing 1 required weight(s): encoder.ln.weight");

  auto extra = good;
  extra.push_back(good.front());
  extra.back().name = "bogus.weight";
  gramt::test::write_checkpoint((dir / "extra.ckpt").string(), extra);
  cases.emplace_back("extra.ckpt", "the model does not have: bogus.weight");

  for (const auto& [name, expected] : cases) {
    const std::string path = (dir / name).string();
    const std::string out = (dir / (name + ".safetensors")).string();
    for (const std::string& args : {"convert " + path + " " + out + " --model-config " + kFrame + "model.yaml",
                                   "embed --model-config " + kFrame + "model.yaml --weights " + path + " --out " +
                                       dir.string() + " " + kFrame + "audio.wav"}) {
      const CliResult r = cli(args, dir);
      EXPECT_NE(r.exit_code, 0) << args;
      EXPECT_NE(r.err.find(path + ": "), std::string::npos) << r.err;
      EXPECT_NE(r.err.find(expected), std::string::npos) << name << ": " << r.err;
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }
    EXPECT_FALSE(fs::exists(out)) << out;
  }
  EXPECT_FALSE(fs::exists(dir / "pwned"));
  EXPECT_FALSE(fs::exists(dir / "audio.timestamp_embeddings.npy"));
  for (const auto& e : fs::directory_iterator(dir)) EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();
}

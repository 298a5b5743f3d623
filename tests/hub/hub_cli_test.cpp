// gramt-cli pull, models and hf:// weights end to end against the loopback hub, as a user runs them
// (the environment variables of the hub's tools; no internet).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/common/sha256.h"
#include "tests/hub/loopback_hub.h"
#include "tests/hub/model_layouts.h"

namespace fs = std::filesystem;
using namespace gramt;

namespace {

const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";

struct CliRun {
  int exit_code;
  std::string out, err;
};

struct HubCli : ::testing::Test {
  test::LoopbackHub hub;
  fs::path dir;
  std::string weights = test::read_bytes(test::golden_dir("frame") + "weights.safetensors");

  void SetUp() override {
    dir = fs::temp_directory_path() / ("gramt_hub_cli_" + std::to_string(::getpid()) + "_" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir / "out");
    test::FakeRepo repo{"labhamlet/gramt-binaural", {{"main", kCommit}}, {}, false, ""};
    repo.files["model.safetensors"] = weights;
    repo.files["README.md"] = "---\nlicense: mit\nlibrary_name: transformers\n---\n# GRAM-T binaural\n";
    hub.add_repo(repo);
    hub.add_repo({"labhamlet/gramt-mono", {{"main", kCommit}}, {{"config.json", "{}"}}, false, ""});
    hub.add_repo({"labhamlet/private", {{"main", kCommit}}, {{"model.safetensors", weights}}, true, "secret"});
  }
  void TearDown() override { fs::remove_all(dir); }

  CliRun run(const std::string& args, const std::string& env = "") const {
    const std::string cmd = "env HF_ENDPOINT=" + hub.endpoint() + " HF_HUB_CACHE=" + (dir / "cache").string() +
                            " HF_TOKEN= HF_HUB_OFFLINE= " + env + " " + GRAMT_CLI + " " + args + " >" + (dir / "stdout").string() +
                            " 2>" + (dir / "stderr").string();
    const int status = std::system(cmd.c_str());
    return {WEXITSTATUS(status), test::read_bytes((dir / "stdout").string()), test::read_bytes((dir / "stderr").string())};
  }
  fs::path snapshot() const { return dir / "cache" / "models--labhamlet--gramt-binaural" / "snapshots" / kCommit / "model.safetensors"; }
};

int lines_in(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

TEST_F(HubCli, PullThenPullAgainDownloadsNothing) {
  CliRun r = run("pull labhamlet/gramt-binaural");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("model.safetensors: downloaded " + std::to_string(weights.size()) + " bytes"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(snapshot().string()), std::string::npos) << r.out;
  EXPECT_EQ(test::read_bytes(snapshot().string()), weights);
  const int requests = hub.blob_requests();
  r = run("pull hf://labhamlet/gramt-binaural");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("model.safetensors: already in the cache"), std::string::npos) << r.out;
  EXPECT_EQ(hub.blob_requests(), requests);
}

TEST_F(HubCli, FileChoosesWhatToDownload) {
  const CliRun r = run("pull --file README.md labhamlet/gramt-binaural");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_regular_file(snapshot().parent_path() / "README.md"));
  EXPECT_FALSE(fs::exists(snapshot()));
  EXPECT_EQ(hub.blob_requests(), 0);
}

TEST_F(HubCli, AnInterruptedPullIsResumedByTheSameCommand) {
  hub.cut_next_body_after(weights.size() / 3);
  CliRun r = run("pull labhamlet/gramt-binaural");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(lines_in(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("the download stopped after"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(snapshot()));
  r = run("pull labhamlet/gramt-binaural");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(hub.last_range(), "bytes=" + std::to_string(weights.size() / 3) + "-");
  EXPECT_EQ(test::read_bytes(snapshot().string()), weights);
}

TEST_F(HubCli, EveryBadCaseIsOneLineAndAFailure) {
  struct Case {
    std::string args, expected, env;
  };
  const std::vector<Case> cases = {
      {"pull labhamlet/private", "labhamlet/private@main: model.safetensors: the hub asks for a login (HTTP 401): set HF_TOKEN", ""},
      {"pull labhamlet/gramt-mono", "labhamlet/gramt-mono@main: model.safetensors: the repo has no such file (HTTP 404)", ""},
      {"pull labhamlet/gramt-binaural --revision nope", "revision 'nope' does not exist", ""},
      {"pull labhamlet/gone", "no such repo", ""},
      {"pull labhamlet/gramt-binaural", "cannot reach http://127.0.0.1:1", "HF_ENDPOINT=http://127.0.0.1:1"},
      {"pull labhamlet/gramt-binaural", "cannot reach http://hub.invalid", "HF_ENDPOINT=http://hub.invalid http_proxy=http://127.0.0.1:1 no_proxy="},
      {"pull labhamlet/gramt-binaural", "not in the hub cache", "HF_HUB_OFFLINE=1"},
      {"pull not-a-repo", "'not-a-repo' is not a hub model", ""},
      {"info hf://labhamlet/gramt-mono", "labhamlet/gramt-mono@main: model.safetensors: the repo has no such file", ""},
  };
  for (const auto& c : cases) {
    const CliRun r = run(c.args, c.env);
    EXPECT_NE(r.exit_code, 0) << c.args;
    EXPECT_EQ(lines_in(r.err), 1) << c.args << ": " << r.err;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.args << " " << c.env << ": " << r.err;
  }
  hub.corrupt_next_body();
  const CliRun r = run("pull labhamlet/gramt-binaural");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(lines_in(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("SHA-256"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(snapshot()));
  EXPECT_EQ(run("pull labhamlet/private --token secret").exit_code, 0);
}

TEST_F(HubCli, JsonProgressForTheWorkbench) {
  const CliRun r = run("pull labhamlet/gramt-binaural --progress json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line, last;
  int download_lines = 0;
  while (std::getline(lines, line)) {
    ASSERT_EQ(line.front(), '{') << line;
    download_lines += line.find("\"stage\":\"download\"") != std::string::npos;
    last = line;
  }
  EXPECT_GT(download_lines, 0) << r.out;
  EXPECT_NE(last.find("\"stage\":\"done\""), std::string::npos) << last;
  EXPECT_NE(last.find("\"commit\":\"" + kCommit + "\""), std::string::npos) << last;
  EXPECT_NE(last.find("\"name\":\"gramt-binaural @ 0123456\""), std::string::npos) << last;
}

TEST_F(HubCli, EmbedOfflineFromTheCacheEqualsEmbedFromTheFile) {
  const std::string audio = test::golden_dir("frame") + "audio.wav";
  ASSERT_EQ(run("pull labhamlet/gramt-binaural").exit_code, 0);
  const int requests = hub.blob_requests();
  CliRun r = run("embed --weights hf://labhamlet/gramt-binaural --out " + (dir / "hub").string() + " " + audio,
                 "HF_HUB_OFFLINE=1 HF_ENDPOINT=http://127.0.0.1:1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run("embed --weights " + test::golden_dir("frame") + "weights.safetensors --out " + (dir / "file").string() + " " + audio);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {"audio.timestamp_embeddings.npy", "audio.scene_embeddings.npy", "audio.timestamps.npy"}) {
    const std::string a = test::read_bytes((dir / "hub" / f).string()), b = test::read_bytes((dir / "file" / f).string());
    EXPECT_FALSE(a.empty()) << f;
    EXPECT_EQ(a, b) << f;
  }
  EXPECT_EQ(hub.blob_requests(), requests);
}

TEST_F(HubCli, InfoShowsRevisionHashLicenceAndConfiguration) {
  const CliRun r = run("info hf://labhamlet/gramt-binaural");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("hub: hf://labhamlet/gramt-binaural, revision main, commit " + kCommit), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sha256: " + sha256_hex(weights)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("licence: mit"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("in_channels: 2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("loads: yes"), std::string::npos) << r.out;
}

TEST_F(HubCli, ConvertTakesAHubModelAndSaysWhereItCameFrom) {
  const std::string out = (dir / "converted.safetensors").string();
  const CliRun r = run("convert hf://labhamlet/gramt-binaural " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string bytes = test::read_bytes(out);
  EXPECT_NE(bytes.find("labhamlet/gramt-binaural@" + kCommit), std::string::npos);  // gramt.converted_from
  EXPECT_EQ(run("info " + out).exit_code, 0);
}

TEST_F(HubCli, ModelsListsThePublishedModelsAndWhatIsCached) {
  CliRun r = run("models");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"gramt-binaural ", "gramt-binaural-time", "gramt-binaural-frame", "gramt-mono", "gramt-ambisonics"})
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
  EXPECT_EQ(r.out.find("cached @"), std::string::npos) << r.out;
  ASSERT_EQ(run("pull labhamlet/gramt-binaural").exit_code, 0);
  r = run("models");
  EXPECT_NE(r.out.find("cached @ 0123456"), std::string::npos) << r.out;
}

}  // namespace

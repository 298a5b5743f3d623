// gramt-cli train as the workbench drives it: --progress json on a tiny demo run, and --schema.
#include <gtest/gtest.h>

#include <algorithm>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/train/run_folder.h"
#include "core/train/run_metrics.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct CliRun {
  int exit_code;
  std::string out, err;
};

CliRun run_cli(const std::string& args, const fs::path& scratch) {
  const fs::path out = scratch / "cli.out", err = scratch / "cli.err";
  const std::string cmd = std::string(GRAMT_CLI) + " " + args + " >" + out.string() + " 2>" + err.string();
  const int status = std::system(cmd.c_str());
  auto slurp = [](const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  return {WEXITSTATUS(status), slurp(out), slurp(err)};
}

fs::path scratch_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("gramt_train_cli_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

// The demo on tiny settings (as tests/packaging/install_test.sh): a few 2-second clips, 3 steps.
const std::string kTinyDemo =
    "data=demo trainer=cpu_demo model=demo trainer.steps=3 trainer.warmup_steps=1 trainer.checkpoint.every=2 "
    "trainer.log_images_every=3 data.synthesize.speech_clips=2 data.synthesize.note_clips=2 "
    "data.synthesize.noise_clips=1 data.synthesize.seconds=2.0 trainer.batch_size=2";

}  // namespace

TEST(TrainCli, ProgressJsonPrintsOnlyJsonLinesAndRecordsTheRun) {
  const fs::path scratch = scratch_dir("progress");
  const fs::path run_dir = scratch / "run";
  const CliRun r = run_cli("train " + kTinyDemo + " save_dir=" + scratch.string() + " --run-dir " + run_dir.string() +
                               " --threads 1 --progress json",
                           scratch);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::vector<json> records;
  for (std::string line; std::getline(lines, line);) {
    json j;
    ASSERT_NO_THROW(j = json::parse(line)) << "not JSON on stdout: " << line;
    ASSERT_TRUE(j.is_object()) << line;
    records.push_back(j);
  }
  ASSERT_GE(records.size(), 2u) << r.out;
  for (size_t i = 0; i + 1 < records.size(); ++i) {
    EXPECT_EQ(records[i]["stage"], "train") << records[i];
    EXPECT_EQ(records[i]["total"], 3);
    for (const char* key : {"done", "seconds", "eta", "loss", "crops_per_s"}) EXPECT_TRUE(records[i].contains(key)) << key;
  }
  EXPECT_TRUE(records.front()["eta"].is_null()) << "no rate is known after the first report";
  EXPECT_EQ(records.back()["stage"], "done");
  EXPECT_EQ(records.back()["done"], 3);
  EXPECT_EQ(records.back()["state"], "finished");
  EXPECT_NE(r.err.find("# resolved configuration"), std::string::npos) << "the config dump goes to stderr";

  // What the dashboard reads back.
  const gramt::train::RunFolder run(run_dir.string());
  const auto status = gramt::train::read_run_status(run);
  EXPECT_EQ(status.state, gramt::train::RunState::finished) << status.message;
  EXPECT_EQ(status.step, 3);
  EXPECT_EQ(status.steps_total, 3);
  EXPECT_EQ(run.checkpoint_steps(), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(run.image_steps().at(3).size(), 4u);
  gramt::train::RunMetricsReader metrics(run.metrics_path());
  metrics.poll();
  EXPECT_EQ(metrics.points().size(), 3u);
  EXPECT_EQ(metrics.checkpoint_event_steps(), (std::vector<int64_t>{2, 3}));
  EXPECT_TRUE(metrics.resume_steps().empty());
  EXPECT_TRUE(metrics.warnings().empty());

  // Resuming a finished run: a "resume" event at step 3, nothing to train, finished again.
  const CliRun again = run_cli("train --resume " + run_dir.string() + " --threads 1 --progress json", scratch);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(json::parse(again.out.substr(again.out.rfind('{')))["stage"], "done");
  metrics.poll();
  EXPECT_EQ(metrics.resume_steps(), (std::vector<int64_t>{4}));
}

TEST(TrainCli, SchemaDescribesTheComposedConfiguration) {
  const fs::path scratch = scratch_dir("schema");
  const CliRun r = run_cli("train --schema data=demo trainer=cpu_demo", scratch);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json schema = json::parse(r.out);
  EXPECT_EQ(schema["selected"]["trainer"], "cpu_demo");
  bool found = false;
  for (const auto& key : schema["keys"])
    if (key["key"] == "trainer.steps") found = key["value"] == 150 && key["min"] == 1;
  EXPECT_TRUE(found) << r.out.substr(0, 2000);
}

TEST(TrainCli, ProgressJsonReportsAnErrorAsJson) {
  const fs::path scratch = scratch_dir("error");
  const CliRun r = run_cli("train data=demo trainer.steps=0 --progress json", scratch);
  EXPECT_NE(r.exit_code, 0);
  const json last = json::parse(r.out.substr(r.out.rfind('{')));
  EXPECT_EQ(last["stage"], "error");
  EXPECT_NE(last["message"].get<std::string>().find("trainer.steps"), std::string::npos) << last;
}

namespace {

std::string slurp_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// (step, loss, lr) of every step record and the other events, in file order.
struct MetricsFile {
  std::vector<json> steps, events;
};

MetricsFile read_metrics(const fs::path& path) {
  MetricsFile m;
  std::istringstream lines(slurp_file(path));
  for (std::string line; std::getline(lines, line);) {
    const json j = json::parse(line);
    (j["event"] == "step" ? m.steps : m.events).push_back(j);
  }
  return m;
}

}  // namespace

// Two fresh runs of one configuration, with several compute threads: the same losses to the last
// bit and byte-identical checkpoints (the seed reaches LibTorch's generator before the model is
// built; no scheduling-dependent sums in the backward).
TEST(TrainCli, TwoFreshRunsWithTheSameSeedAreBitIdentical) {
  const fs::path scratch = scratch_dir("reproducible");
  const std::string line = "train " + kTinyDemo + " trainer.steps=4 trainer.checkpoint.every=4 save_dir=" +
                           scratch.string() + " --threads 2 --progress json --run-dir ";
  for (const char* name : {"a", "b"}) {
    const CliRun r = run_cli(line + (scratch / name).string(), scratch);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const MetricsFile a = read_metrics(scratch / "a" / "metrics.jsonl"), b = read_metrics(scratch / "b" / "metrics.jsonl");
  ASSERT_EQ(a.steps.size(), 4u);
  ASSERT_EQ(b.steps.size(), 4u);
  for (size_t i = 0; i < a.steps.size(); ++i)
    EXPECT_EQ(a.steps[i]["loss"].get<double>(), b.steps[i]["loss"].get<double>()) << "step " << i + 1;
  for (const char* file : {"step-00000004.safetensors", "step-00000004.state.safetensors"}) {
    const std::string x = slurp_file(scratch / "a" / "checkpoints" / file), y = slurp_file(scratch / "b" / "checkpoints" / file);
    ASSERT_FALSE(x.empty()) << file;
    EXPECT_TRUE(x == y) << file << " differs between the two runs";
  }
}

// A finished 6-step run extended to 10 steps on resume: it continues from step 6 to 10 with the
// cosine spread over the new total, records the change, and keeps it for a later plain resume.
// A change the checkpoint cannot follow (the learning rate, a data group) is refused by name.
TEST(TrainCli, ResumeExtendsTheBudgetAndRefusesOtherChanges) {
  const fs::path scratch = scratch_dir("extend");
  const fs::path run_dir = scratch / "run";
  const CliRun first = run_cli("train " + kTinyDemo + " trainer.steps=6 trainer.checkpoint.every=3 save_dir=" +
                                   scratch.string() + " --run-dir " + run_dir.string() + " --threads 1 --progress json",
                               scratch);
  ASSERT_EQ(first.exit_code, 0) << first.err;

  // Starting afresh in the same folder would mix two runs' metrics and checkpoints: refused.
  const CliRun twice = run_cli("train " + kTinyDemo + " save_dir=" + scratch.string() + " --run-dir " + run_dir.string() +
                                   " --threads 1",
                               scratch);
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_NE(twice.err.find("holds a run already"), std::string::npos) << twice.err;
  EXPECT_NE(twice.err.find("--resume"), std::string::npos) << twice.err;
  const CliRun lr = run_cli("train --resume " + run_dir.string() + " optimizer.lr=0.1 --threads 1", scratch);
  EXPECT_NE(lr.exit_code, 0);
  EXPECT_NE(lr.err.find("optimizer.lr cannot change"), std::string::npos) << lr.err;
  const CliRun group = run_cli("train --resume " + run_dir.string() + " data=audioset --threads 1", scratch);
  EXPECT_NE(group.exit_code, 0);
  EXPECT_NE(group.err.find("the data group cannot change when resuming (the run was made with data.in_channels 2"),
            std::string::npos)
      << group.err;
  EXPECT_EQ(std::count(group.err.begin(), group.err.end(), '\n'), 1) << "one line: " << group.err;

  const CliRun more = run_cli("train --resume " + run_dir.string() + " trainer.steps=10 trainer.checkpoint.every=5 "
                                  "--threads 1 --progress json",
                              scratch);
  ASSERT_EQ(more.exit_code, 0) << more.err;
  EXPECT_EQ(json::parse(more.out.substr(more.out.rfind('{')))["done"], 10);
  const MetricsFile m = read_metrics(run_dir / "metrics.jsonl");
  ASSERT_EQ(m.steps.size(), 10u);
  EXPECT_EQ(m.steps.back()["step"], 10);
  // The 6-step cosine had reached 0; over 10 steps the 7th step still has a positive rate.
  EXPECT_GT(m.steps[6]["lr"].get<double>(), 0.0);
  bool adjusted = false;
  for (const auto& e : m.events)
    if (e["event"] == "adjust") {
      adjusted = true;
      EXPECT_EQ(e["step"], 6);
      EXPECT_EQ(e["changes"]["trainer.steps"]["from"], "6") << e;
      EXPECT_EQ(e["changes"]["trainer.steps"]["to"], "10") << e;
    }
  EXPECT_TRUE(adjusted) << "no adjust event in metrics.jsonl";
  const gramt::train::RunFolder run(run_dir.string());
  EXPECT_EQ(run.checkpoint_steps().back(), 10);
  EXPECT_NE(slurp_file(run.config_path()).find("steps: 10"), std::string::npos) << "config.yaml keeps the new budget";

  // A plain resume afterwards agrees with the adjusted checkpoint and has nothing left to do.
  const CliRun again = run_cli("train --resume " + run_dir.string() + " --threads 1 --progress json", scratch);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(json::parse(again.out.substr(again.out.rfind('{')))["done"], 10);
}

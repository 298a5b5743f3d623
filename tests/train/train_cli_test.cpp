// gramt-cli train as the workbench drives it: --progress json on a tiny demo run, and --schema.
#include <gtest/gtest.h>
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

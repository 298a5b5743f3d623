// The run folder's layout, its image and checkpoint listings, and status.json.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/train/run_folder.h"

namespace fs = std::filesystem;
using namespace gramt::train;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("gramt_run_folder_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

void touch(const fs::path& p, const std::string& text = "x") {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

// A pid that surely belongs to no process: a child that has exited and been reaped.
int64_t dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

}  // namespace

TEST(RunFolder, SpellsTheLayout) {
  const RunFolder run("/data/runs/r1");
  EXPECT_EQ(run.dir(), "/data/runs/r1");
  EXPECT_EQ(run.config_path(), "/data/runs/r1/config.yaml");
  EXPECT_EQ(run.metrics_path(), "/data/runs/r1/metrics.jsonl");
  EXPECT_EQ(run.status_path(), "/data/runs/r1/status.json");
  EXPECT_EQ(run.tensorboard_dir(), "/data/runs/r1/tb");
  EXPECT_EQ(run.images_dir(), "/data/runs/r1/images");
  EXPECT_EQ(run.checkpoints_dir(), "/data/runs/r1/checkpoints");
  EXPECT_EQ(run.image_path(25, kImageTags[3]), "/data/runs/r1/images/step-00000025-generated_spectrogram.png");
  EXPECT_EQ(run.checkpoint_weights_path(1000), "/data/runs/r1/checkpoints/step-00001000.safetensors");
  EXPECT_EQ(run.checkpoint_state_path(1000), "/data/runs/r1/checkpoints/step-00001000.state.safetensors");
}

TEST(RunFolder, KnowsTheRunOfACheckpoint) {
  const auto run = RunFolder::of_checkpoint("/data/runs/demo/checkpoints/step-00000150.safetensors");
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->dir(), "/data/runs/demo");
  EXPECT_EQ(run->config_path(), "/data/runs/demo/config.yaml");
  EXPECT_FALSE(RunFolder::of_checkpoint("/data/weights/model.safetensors").has_value());
  EXPECT_FALSE(RunFolder::of_checkpoint("model.safetensors").has_value());
}

TEST(RunFolder, ListsOnlyCompleteCheckpointsAscending) {
  const RunFolder run(fresh_dir("checkpoints").string());
  EXPECT_TRUE(run.checkpoint_steps().empty()) << "no checkpoints/ folder yet";
  for (int64_t step : {20, 4, 100}) {
    touch(run.checkpoint_weights_path(step));
    touch(run.checkpoint_state_path(step));
  }
  touch(run.checkpoint_weights_path(50));  // state file missing: not complete
  touch(run.checkpoint_state_path(60));    // weights missing (pruned first): gone
  touch(run.checkpoint_weights_path(70) + ".tmp-12-34");
  touch(fs::path(run.checkpoints_dir()) / "notes.txt");
  EXPECT_EQ(run.checkpoint_steps(), (std::vector<int64_t>{4, 20, 100}));
}

TEST(RunFolder, ScansImagesByStepAndTag) {
  const RunFolder run(fresh_dir("images").string());
  EXPECT_TRUE(run.image_steps().empty());
  touch(run.image_path(25, "target_spectrogram"));
  touch(run.image_path(25, "input_spectrogram"));
  touch(run.image_path(50, "generated_spectrogram"));
  touch(run.image_path(75, "input_spectrogram") + ".tmp-1-2");  // a write in progress
  touch(fs::path(run.images_dir()) / "readme.png");
  const auto steps = run.image_steps();
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps.at(25), (std::vector<std::string>{"input_spectrogram", "target_spectrogram"}));
  EXPECT_EQ(steps.at(50), (std::vector<std::string>{"generated_spectrogram"}));
}

TEST(RunFolder, FindsRunFoldersSortedByName) {
  const fs::path root = fresh_dir("root");
  touch(root / "b-run" / "metrics.jsonl");
  touch(root / "a-run" / "config.yaml");
  fs::create_directories(root / "empty");
  touch(root / "loose-file.yaml");
  const auto runs = find_run_folders(root.string());
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].dir(), (root / "a-run").string());
  EXPECT_EQ(runs[1].dir(), (root / "b-run").string());
  EXPECT_FALSE(RunFolder((root / "empty").string()).looks_like_run());
  EXPECT_TRUE(find_run_folders((root / "missing").string()).empty());
}

TEST(RunStatus, RoundTrips) {
  const RunFolder run(fresh_dir("status").string());
  RunStatus s;
  s.state = RunState::stopped;
  s.step = 1234;
  s.steps_total = 5000;
  s.pid = 42;
  s.host = "elsewhere";
  s.started = 1700000000.5;
  s.updated = 1700000100.25;
  s.message = "stopped by signal";
  write_run_status(run, s);
  const RunStatus back = read_run_status(run);
  EXPECT_EQ(back.state, RunState::stopped);
  EXPECT_EQ(back.step, 1234);
  EXPECT_EQ(back.steps_total, 5000);
  EXPECT_EQ(back.pid, 42);
  EXPECT_EQ(back.host, "elsewhere");
  EXPECT_DOUBLE_EQ(back.started, 1700000000.5);
  EXPECT_DOUBLE_EQ(back.updated, 1700000100.25);
  EXPECT_EQ(back.message, "stopped by signal");
  for (RunState state : {RunState::unknown, RunState::running, RunState::finished, RunState::crashed}) {
    s.state = state;
    write_run_status(run, s);
    EXPECT_EQ(read_run_status(run).state, state) << to_string(state);
  }
  for (const auto& entry : fs::directory_iterator(run.dir()))
    EXPECT_EQ(entry.path().filename(), "status.json") << "a temporary file was left behind";
}

TEST(RunStatus, RunningWithADeadPidOnThisHostIsCrashed) {
  const RunFolder run(fresh_dir("dead").string());
  RunStatus s;
  s.state = RunState::running;
  s.host = this_host_name();
  s.pid = ::getpid();
  write_run_status(run, s);
  EXPECT_EQ(read_run_status(run).state, RunState::running) << "this process is alive";

  s.pid = dead_pid();
  write_run_status(run, s);
  const RunStatus crashed = read_run_status(run);
  EXPECT_EQ(crashed.state, RunState::crashed);
  EXPECT_NE(crashed.message.find(std::to_string(s.pid)), std::string::npos) << crashed.message;

  s.host = "another-host-" + this_host_name();  // its pids cannot be checked from here
  write_run_status(run, s);
  EXPECT_EQ(read_run_status(run).state, RunState::running);
}

TEST(RunStatus, MissingOrGarbledFileIsUnknownWithoutThrowing) {
  const RunFolder run(fresh_dir("garbled").string());
  RunStatus missing;
  EXPECT_NO_THROW(missing = read_run_status(run));
  EXPECT_EQ(missing.state, RunState::unknown);
  EXPECT_TRUE(missing.message.empty());

  for (const std::string text : {"{\"state\": \"runn", "[1, 2]", "{\"state\": \"flying\"}", "{\"step\": \"many\"}"}) {
    touch(run.status_path(), text);
    RunStatus s;
    EXPECT_NO_THROW(s = read_run_status(run)) << text;
    EXPECT_EQ(s.state, RunState::unknown) << text;
    EXPECT_NE(s.message.find("status.json"), std::string::npos) << text << " -> " << s.message;
  }
}

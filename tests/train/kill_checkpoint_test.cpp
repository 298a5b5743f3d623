// kill -9 at arbitrary moments of a run that checkpoints every step must never leave a listed
// checkpoint that fails to load, and the run must resume from whatever is left.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "core/train/checkpoint.h"
#include "tests/train/tiny_model.h"

extern char** environ;
namespace fs = std::filesystem;

namespace {

pid_t start_worker(const fs::path& run_dir, int64_t steps) {
  std::vector<std::string> args{GRAMT_TRAIN_WORKER, "--checkpoint-every-step", run_dir.string(), std::to_string(steps)};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, GRAMT_TRAIN_WORKER, nullptr, nullptr, argv.data(), environ), 0);
  return pid;
}

int exit_code(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Every checkpoint the run folder lists loads into a fresh model and optimiser.
void expect_every_listed_checkpoint_loads(const fs::path& run_dir, int round) {
  for (int64_t step : gramt::train::list_checkpoints(run_dir.string())) {
    gramt::model::GramtModel model(checkpoint_heavy_config());
    torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(1e-3));
    EXPECT_NO_THROW(gramt::train::load_checkpoint(run_dir.string(), step, model, optimizer))
        << "round " << round << ": checkpoint of step " << step << " is listed but does not load";
  }
}

TEST(KillDuringCheckpointing, EveryListedCheckpointLoadsAndTheRunResumes) {
  const fs::path run_dir = fs::temp_directory_path() / ("gramt-kill-test-" + std::to_string(::getpid()));
  fs::remove_all(run_dir);
  const int64_t steps = 100000;  // never reached: every round ends in a kill
  std::mt19937 random(12345);
  std::uniform_int_distribution<int> delay_ms(0, 300);
  int64_t newest = 0, rounds_with_progress = 0;
  for (int round = 0; round < 8; ++round) {
    const pid_t pid = start_worker(run_dir, steps);
    // Wait until this round has saved a checkpoint of its own, then kill at a random later moment
    // (mid-step, mid-write or mid-pruning: each step writes and deletes checkpoint files).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    auto progressed = [&] {
      const auto listed = gramt::train::list_checkpoints(run_dir.string());
      return !listed.empty() && listed.back() > newest;
    };
    while (!progressed() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    exit_code(pid);
    expect_every_listed_checkpoint_loads(run_dir, round);
    const auto listed = gramt::train::list_checkpoints(run_dir.string());
    ASSERT_FALSE(listed.empty()) << "round " << round << ": no checkpoint survived";
    if (listed.back() > newest) ++rounds_with_progress;
    EXPECT_GE(listed.back(), newest) << "round " << round << ": the newest checkpoint went backwards";
    newest = listed.back();
  }
  EXPECT_EQ(rounds_with_progress, 8) << "every resumed run should have saved further checkpoints";
  // A final, uninterrupted run resumes from what the kills left and finishes cleanly.
  EXPECT_EQ(exit_code(start_worker(run_dir, newest + 2)), 0);
  EXPECT_EQ(gramt::train::list_checkpoints(run_dir.string()).back(), newest + 2);
  expect_every_listed_checkpoint_loads(run_dir, -1);
  fs::remove_all(run_dir);
}

}  // namespace

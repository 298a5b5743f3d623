// gramt-cli bench nat-hear: make-nat-hear's speed on generated HEAR tasks (by default one of
// 20,000 1-s clips and one of 2,000 10-s clips at 32 kHz, the sizes of real HEAR tasks), as JSON
// lines: clips/s and the real-time factor (seconds of audio rendered per second), with the threads
// used. The tasks and the noise are made in a temporary folder and removed afterwards.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/progress_bar.h"
#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/eval/format/task_folder_layout.h"
#include "core/eval/taskmaker/clip_tools.h"
#include "core/eval/taskmaker/nat_hear.h"

namespace gramt::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kRate = 32000;

audio::AudioBuffer synthetic_clip(double seconds, uint32_t state) {
  return eval::taskmaker::seeded_white_noise(kRate, seconds, state, 0.25f);
}

// A HEAR scene task of `clips` clips of `seconds` (80/10/10 train/valid/test, two labels).
void write_synthetic_task(const std::string& dir, int64_t clips, double seconds) {
  const eval::format::TaskFolderLayout layout(dir);
  nlohmann::ordered_json labels[3];
  const char* splits[3] = {"train", "valid", "test"};
  for (int64_t i = 0; i < clips; ++i) {
    const int split = i % 10 == 8 ? 1 : i % 10 == 9 ? 2 : 0;
    const std::string file = "clip_" + std::to_string(i) + ".wav";
    fs::create_directories(layout.audio_dir(kRate, splits[split]));
    audio::write_wav(layout.audio_file(kRate, splits[split], file), synthetic_clip(seconds, static_cast<uint32_t>(i + 1)), "pcm16");
    labels[split][file] = nlohmann::ordered_json::array({i % 2 == 0 ? "a" : "b"});
  }
  for (int s = 0; s < 3; ++s) {
    std::ofstream(layout.split_labels_file(splits[s])) << labels[s].dump();
  }
  std::ofstream(layout.vocabulary_file()) << "idx,label\n0,a\n1,b\n";
  const nlohmann::ordered_json metadata = {{"task_name", "bench_scene"},     {"version", "v1"},
                                           {"embedding_type", "scene"},      {"prediction_type", "multiclass"},
                                           {"split_mode", "trainvaltest"},   {"splits", {"train", "valid", "test"}},
                                           {"sample_duration", seconds},     {"evaluation", {"top1_acc"}}};
  std::ofstream(layout.metadata_file()) << metadata.dump(4);
}

void bench_one(const std::string& work, const std::string& name, int64_t clips, double seconds, int threads) {
  const std::string tasks = (fs::path(work) / ("tasks-" + name)).string();
  {
    ProgressBar bar("bench nat-hear: writing " + std::to_string(clips) + " clips");
    write_synthetic_task((fs::path(tasks) / "bench_scene").string(), clips, seconds);
  }
  eval::taskmaker::NatHearParams p;
  p.tasks_dir = tasks;
  p.out_dir = (fs::path(work) / ("nat-" + name)).string();
  p.noise_dir = (fs::path(work) / "noise").string();
  p.threads = threads;
  const auto start = std::chrono::steady_clock::now();
  eval::taskmaker::NatHearSummary summary;
  {
    CtrlCCancels stop_request;
    ProgressBar bar("bench nat-hear: " + name);
    ProgressSink sink = bar.sink();
    sink.cancel = stop_request.flag_ptr();
    summary = eval::taskmaker::make_nat_hear(p, sink);
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (summary.failures() > 0) throw Error("bench nat-hear: " + summary.tasks.front().error);
  const int used = threads > 0 ? threads : static_cast<int>(std::thread::hardware_concurrency());
  nlohmann::ordered_json line = {{"bench", "nat_hear"},
                                 {"task", name},
                                 {"clips", clips},
                                 {"clip_seconds", seconds},
                                 {"threads", used},
                                 {"seconds", wall},
                                 {"clips_per_s", static_cast<double>(clips) / wall},
                                 {"real_time_factor", static_cast<double>(clips) * seconds / wall}};
  std::cout << line.dump() << std::endl;
  std::error_code ec;
  fs::remove_all(tasks, ec);
  fs::remove_all(p.out_dir, ec);
}

}  // namespace

void add_bench_nat_hear_subcommand(CLI::App& bench) {
  auto* cmd = bench.add_subcommand(
      "nat-hear", "make-nat-hear speed: clips/s and real-time factor on generated tasks of real HEAR sizes (JSON lines)");
  struct Options {
    int64_t short_clips = 20000, long_clips = 2000;
    double short_seconds = 1.0, long_seconds = 10.0;
    int threads = 0;
    bool quick = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--clips", o->short_clips, "clips of the short task")->capture_default_str()->check(CLI::Range(10, 1000000));
  cmd->add_option("--seconds", o->short_seconds, "length of a short clip")->capture_default_str()->check(CLI::Range(0.1, 60.0));
  cmd->add_option("--long-clips", o->long_clips, "clips of the long task (0 = none)")->capture_default_str()->check(CLI::Range(0, 100000));
  cmd->add_option("--long-seconds", o->long_seconds, "length of a long clip")->capture_default_str()->check(CLI::Range(0.1, 600.0));
  cmd->add_option("--threads", o->threads, "clips rendered side by side (0 = every core)")->capture_default_str();
  cmd->add_flag("--quick", o->quick, "500 short and 50 long clips (about a minute)");
  cmd->callback([o] {
    const std::string work = (fs::temp_directory_path() / ("gramt-bench-nat-hear-" + std::to_string(::getpid()))).string();
    fs::create_directories(fs::path(work) / "noise");
    audio::write_wav((fs::path(work) / "noise" / "noise.wav").string(), synthetic_clip(20.0, 99), "pcm16");
    try {
      bench_one(work, "short", o->quick ? 500 : o->short_clips, o->short_seconds, o->threads);
      const int64_t long_clips = o->quick ? 50 : o->long_clips;
      if (long_clips > 0) bench_one(work, "long", long_clips, o->long_seconds, o->threads);
    } catch (...) {
      std::error_code ec;
      fs::remove_all(work, ec);
      throw;
    }
    std::error_code ec;
    fs::remove_all(work, ec);
  });
}

}  // namespace gramt::cli

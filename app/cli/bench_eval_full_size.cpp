// gramt-cli bench eval --full-size: evaluation at the size of real HEAR tasks. Tasks made once from
// the packaged sounds (bench_full_size_tasks.h) are embedded by `gramt-cli embed-tasks` child
// processes, one per model × precision × task, each measured from outside (wall time, and the
// child's peak resident memory, VmHWM), then the predictor's grid runs on
// the largest task's embeddings. One JSON line per measurement, and projections for FSD50K.
// Benchmarks only: nothing here is asserted in tests.
#include "app/cli/bench_eval_full_size.h"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "app/cli/bench_full_size_tasks.h"
#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/eval/tasks/task_folder.h"
#include "core/model/gramt_model.h"
#include "core/model/model_config.h"
#include "core/model/weights.h"

namespace gramt::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// FSD50K: 51,197 clips, about 108 hours of audio (its paper's figure), the largest HEAR task.
constexpr double kFsd50kHours = 108.3;

struct ChildRun {
  int exit_code = -1;
  double seconds = 0.0;
  double peak_rss_mb = 0.0;
};

// Runs this program with `args`, stdout and stderr into `log`; measured by wait4's accounting.
ChildRun run_self(const std::vector<std::string>& args, const std::string& log) {
  const auto start = std::chrono::steady_clock::now();
  const pid_t child = ::fork();
  if (child < 0) throw Error("bench eval --full-size: cannot start a child process");
  if (child == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // a stopped bench stops its measurement too
    std::FILE* out = std::freopen(log.c_str(), "w", stdout);
    if (out != nullptr) ::dup2(::fileno(stdout), STDERR_FILENO);
    std::vector<char*> argv;
    std::string self = "gramt-cli";
    argv.push_back(self.data());
    std::vector<std::string> copies = args;
    for (std::string& a : copies) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv("/proc/self/exe", argv.data());
    ::_exit(127);
  }
  // The child's own peak comes from /proc/<pid>/status (VmHWM), read while it runs: wait4's
  // ru_maxrss would also count the pages the child shared with this process before its exec.
  int status = 0;
  double peak_kib = 0.0;
  const std::string status_file = "/proc/" + std::to_string(child) + "/status";
  while (::waitpid(child, &status, WNOHANG) == 0) {
    std::ifstream in(status_file);
    for (std::string line; std::getline(in, line);)
      if (line.rfind("VmHWM:", 0) == 0) peak_kib = std::max(peak_kib, std::strtod(line.c_str() + 6, nullptr));
    ::usleep(50000);
  }
  ChildRun run;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.peak_rss_mb = peak_kib / 1024.0;
  return run;
}

// Random weights of a model size, saved once: the speed of a size does not depend on its values.
std::string bench_weights(const fs::path& cache, const std::string& size) {
  const fs::path path = cache / "weights" / (size + "-random.safetensors");
  std::error_code ec;
  if (fs::exists(path, ec)) return path.string();
  fs::create_directories(path.parent_path(), ec);
  const model::ModelConfig config = size == "demo" ? model::ModelConfig::small(2, 64)  // configs/model/demo.yaml
                                                    : model::ModelConfig::base("frame");
  torch::manual_seed(0);
  model::GramtModel net(config);
  model::save_weights(net, path.string());
  return path.string();
}

double audio_seconds_of(const std::string& task_dir) {
  const eval::tasks::TaskFolder task = eval::tasks::read_task_folder(task_dir);
  double seconds = 0.0;
  for (const auto& split : task.splits)
    for (const auto& file : split.files) {
      const audio::AudioInfo info = audio::probe_audio(task.audio_path(task.sample_rates.back(), split.split, file.name));
      seconds += static_cast<double>(info.frames) / info.sample_rate;
    }
  return seconds;
}

}  // namespace

void run_full_size_bench(const FullSizeBenchOptions& o) {
  const fs::path cache = o.cache_dir.empty() ? default_full_size_cache() : fs::path(o.cache_dir);
  const fs::path tasks = cache / "tasks";
  std::error_code ec;
  fs::create_directories(tasks, ec);
  if (ec) throw Error(tasks.string() + ": cannot create the bench's cache folder (" + ec.message() + ")");
  const FullSizeTaskNames names = make_full_size_tasks(tasks.string(), o.scene_clips, o.event_clips, o.event_seconds);
  const std::string threads = std::to_string(o.threads);

  struct Planned {
    std::string size, precision, task;
  };
  const auto wanted = [&](const std::string& size) {
    return std::find(o.models.begin(), o.models.end(), size) != o.models.end();
  };
  std::vector<Planned> plan;
  if (wanted("demo")) plan = {{"demo", "32", names.scenes_full}, {"demo", "32", names.scenes_tenth}};
  for (const std::string& p : o.precisions) {
    if (wanted("base")) plan.push_back({"base", p, o.base_full ? names.scenes_full : names.scenes_tenth});
    if (wanted("demo") && p != "32") plan.push_back({"demo", p, names.scenes_tenth});
  }
  if (wanted("demo")) plan.push_back({"demo", "32", names.events});

  // "base 32" -> (hours of audio, real-time factor) of its largest scene run: the projection's basis.
  std::map<std::string, std::pair<double, double>> rtf_of;
  for (const Planned& p : plan) {
    const std::string weights = bench_weights(cache, p.size);
    const fs::path embeddings = cache / ("embeddings-" + p.size + "-" + p.precision);
    const std::string tag = "bench";
    fs::remove_all(embeddings / tag / p.task, ec);
    fs::remove_all(embeddings / tag / ("." + p.task + ".partial"), ec);
    const std::string log = (cache / ("embed-" + p.size + "-" + p.precision + "-" + p.task + ".log")).string();
    std::cerr << "bench eval --full-size: embedding " << p.task << " with the " << p.size << " model (" << p.precision
              << ")..." << std::endl;
    const ChildRun run = run_self({"embed-tasks", "--weights", weights, "--tasks-dir", tasks.string(), "--task", p.task,
                                   "--embeddings-dir", embeddings.string(), "--model-tag", tag, "--precision", p.precision,
                                   "--threads", threads},
                                  log);
    if (run.exit_code != 0) throw Error("bench eval --full-size: embed-tasks failed (exit " + std::to_string(run.exit_code) + "); see " + log);
    const eval::tasks::TaskFolder task = eval::tasks::read_task_folder((tasks / p.task).string());
    const double audio = audio_seconds_of((tasks / p.task).string());
    Json line;
    line["bench"] = "full_size_embedding";
    line["task"] = p.task;
    line["clips"] = task.file_count();
    line["audio_hours"] = audio / 3600.0;
    line["model"] = p.size + " (random weights)";
    line["precision"] = p.precision;
    line["threads"] = o.threads;
    line["seconds"] = run.seconds;
    line["clips_per_s"] = static_cast<double>(task.file_count()) / run.seconds;
    line["real_time_factor"] = audio / run.seconds;
    line["peak_rss_mb"] = run.peak_rss_mb;
    line["log"] = log;
    std::cout << line.dump() << std::endl;
    auto& best = rtf_of[p.size + " " + p.precision];
    if (p.task != names.events && audio > best.first) best = {audio, audio / run.seconds};

    if (p.size == "demo" && p.precision == "32" && p.task == names.scenes_full && o.grid_points > 0) {  // predictor
      const std::string predict_log = (cache / ("predict-" + p.task + ".log")).string();
      std::cerr << "bench eval --full-size: predicting " << p.task << " (" << o.grid_points << " grid points)..." << std::endl;
      const ChildRun predicted = run_self({"predict", (embeddings / tag / p.task).string(), "--grid", "default",
                                           "--grid-points", std::to_string(o.grid_points), "--force"},
                                          predict_log);
      if (predicted.exit_code != 0) throw Error("bench eval --full-size: predict failed; see " + predict_log);
      Json predictor;
      predictor["bench"] = "full_size_predictor";
      predictor["task"] = p.task;
      predictor["rows"] = task.file_count();
      predictor["grid"] = "default";
      predictor["grid_points"] = o.grid_points;
      predictor["seconds"] = predicted.seconds;
      predictor["seconds_per_grid_point"] = predicted.seconds / o.grid_points;
      predictor["peak_rss_mb"] = predicted.peak_rss_mb;
      std::cout << predictor.dump() << std::endl;
    }
  }
  for (const auto& [which, measured] : rtf_of) {
    const double rtf = measured.second;
    Json projection;
    projection["bench"] = "full_size_projection";
    projection["model"] = which;
    projection["measured_on_audio_hours"] = measured.first / 3600.0;
    projection["real_time_factor"] = rtf;
    projection["hours_per_hour_of_audio"] = 1.0 / rtf;
    projection["fsd50k_hours"] = kFsd50kHours / rtf;
    std::cout << projection.dump() << std::endl;
  }
}

fs::path default_full_size_cache() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  const fs::path base = xdg != nullptr && *xdg ? fs::path(xdg) : fs::path(home != nullptr ? home : "/tmp") / ".cache";
  return base / "gramt-workbench" / "bench-eval-full-size";
}

}  // namespace gramt::cli

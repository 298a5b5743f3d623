// gramt-cli bench eval: evaluation speed figures (event scoring, one mini task embedded and
// predicted, the predictor's grid search on a large synthetic scene task), one JSON line each.
// Benchmarks only: nothing here is asserted in tests.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include "app/cli/bench_eval_full_size.h"
#include "app/cli/commands.h"
#include "core/eval/settings/evaluation_defaults.h"
#include "app/cli/progress_bar.h"
#include "core/common/error.h"
#include "core/eval/predict/eval_bench.h"
#include "core/eval/predict/task_prediction.h"
#include "core/eval/scores/event_scoring_bench.h"
#include "core/eval/taskmaker/make_tasks.h"
#include "core/eval/tasks/embed_tasks.h"
#include "core/eval/tasks/hear_clip_embedder.h"
#include "core/model/compute_threads.h"
#include "core/model/model_config.h"

namespace gramt::cli {
namespace {

namespace fs = std::filesystem;

// Performance targets of the evaluation runner (reported, never asserted).
constexpr double kEventScoringTargetSeconds = 1.0;  // onset F-measure of 1,000 files x 100 events
constexpr double kKitRatioTarget = 0.2;             // our grid wall time / the kit's estimated time

std::atomic<bool> g_bench_eval_cancel{false};

extern "C" void request_bench_eval_cancel(int) { g_bench_eval_cancel.store(true); }

struct BenchEvalOptions {
  // predictor grid on the synthetic large task
  int64_t rows = 50000, width = 6144, grid_points = eval::defaults::kGridPoints, max_epochs = 0, workers = 0, threads_per_worker = 0;
  std::string grid = "default";
  // mini task
  std::string mini_task = "mini_pitch", tasks_dir, model_config, weights;
  int64_t mini_grid_points = eval::defaults::kGridPoints;
  // everything
  int threads = 0;
  bool quick = false;
  std::vector<std::string> only;  // empty = every part
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Peak resident memory of the whole process so far (Linux reports ru_maxrss in KiB).
double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void print_line(const nlohmann::ordered_json& line) { std::cout << line.dump() << std::endl; }

void log_line(const std::string& line) { print_log_line(line); }

ProgressSink cancellable(ProgressBar& bar) {
  ProgressSink sink = bar.sink();
  sink.cancel = &g_bench_eval_cancel;
  return sink;
}

// A scratch folder removed on every way out, so an error or Ctrl-C leaves nothing behind in /tmp.
class ScratchFolder {
 public:
  explicit ScratchFolder(fs::path path) : path_(std::move(path)) {
    std::error_code ec;
    fs::remove_all(path_, ec);
    fs::create_directories(path_, ec);
    if (ec) throw Error(path_.string() + ": cannot create a scratch folder (" + ec.message() + ")");
  }
  ~ScratchFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// ---- event scoring -------------------------------------------------------------------------

void bench_event_scoring() {
  const int64_t files = 1000, events_per_file = 100;
  const eval::scores::EventScoringBench result = eval::scores::run_event_scoring_bench(files, events_per_file);
  nlohmann::ordered_json line;
  line["bench"] = "event_scoring";
  line["files"] = result.files;
  line["reference_events"] = result.reference_events;
  line["predicted_events"] = result.predicted_events;
  line["onset_f_measure"] = result.onset_f_measure;
  line["segment_error_rate"] = result.segment_error_rate;
  line["onset_fms_seconds"] = result.event_based_seconds;
  line["segment_er_seconds"] = result.segment_based_seconds;
  line["total_seconds"] = result.total_seconds();
  line["target_seconds"] = kEventScoringTargetSeconds;
  line["target_met"] = result.event_based_seconds < kEventScoringTargetSeconds;
  line["peak_rss_mb"] = peak_rss_mb();
  print_line(line);
}

// ---- predictor grid on the large synthetic task --------------------------------------------

std::string kit_estimate_method(const eval::predict::PredictorBenchParams& params) {
  std::ostringstream s;
  s << "kit = our single-worker compute per row (measured per architecture, one training owning the machine) "
       "x the rows each grid point fed (same epochs and validations), grid points summed one after another, "
       "plus the per-row Python loading of the kit: "
    << params.kit_seconds_per_row_fed * 1e6 << " us per row fed (Dataset __getitem__ + collate), "
    << params.kit_seconds_per_row_loaded * 1e6 << " us per row loaded (datasets rebuilt per grid point), "
    << params.kit_seconds_per_step * 1e3
    << " ms per training step (Lightning loop); low-end constants, see core/eval/predict/eval_bench.cpp";
  return s.str();
}

void bench_predictor_grid(const BenchEvalOptions& options, eval::predict::GridName grid) {
  eval::predict::PredictorBenchParams params;
  params.rows = options.rows;
  params.width = options.width;
  params.predict.grid = grid;
  params.predict.grid_points = options.grid_points;
  params.max_epochs = options.max_epochs;
  params.predict.max_workers = options.workers;
  params.predict.threads_per_worker = options.threads_per_worker;

  const auto start = std::chrono::steady_clock::now();
  eval::predict::PredictorBenchResult result;
  {
    ProgressBar bar("bench eval: predictor grid");
    result = eval::predict::bench_predictor_training(params, cancellable(bar));
  }
  const double wall = seconds_since(start);

  nlohmann::ordered_json line = eval::predict::bench_result_json(params, result);
  line["bench"] = "predictor_grid";  // the same figures, named like the other parts of bench eval
  // Grid points that differ only in their initialization would otherwise look like repeats.
  for (size_t i = 0; i < result.points.size() && i < line["points"].size(); ++i) {
    const auto initialization = result.points[i].conf.find("initialization");
    if (initialization != result.points[i].conf.end()) line["points"][i]["initialization"] = initialization->second;
  }
  line["max_epochs_cap"] = options.max_epochs;
  const double points = static_cast<double>(std::max<size_t>(1, result.points.size()));
  // The grid's wall time spread over its points: what one grid point costs when they share the machine.
  line["grid_seconds_per_point"] = result.grid_seconds / points;
  line["data_seconds"] = result.data_seconds;
  line["wall_seconds"] = wall;  // data + grid + the per-architecture measurement behind the estimate
  const double ratio = result.kit_estimated_seconds > 0 ? result.grid_seconds / result.kit_estimated_seconds : 0.0;
  line["ours_over_kit_estimate"] = ratio;
  line["target_ratio"] = kKitRatioTarget;
  line["target_met"] = result.kit_estimated_seconds > 0 && ratio < kKitRatioTarget;
  line["kit_estimate_method"] = kit_estimate_method(params);
  line["peak_rss_mb"] = peak_rss_mb();
  print_line(line);
}

// ---- one mini task: make (or find), embed, predict -----------------------------------------

// The task folder for `name` in `tasks_dir`: the folder of that name, else the one make-tasks
// names "<name>-v1-<size>" (the first in name order when there are several sizes).
std::string find_task_folder(const fs::path& tasks_dir, const std::string& name) {
  std::error_code ec;
  if (!fs::is_directory(tasks_dir, ec)) throw Error(tasks_dir.string() + ": not a folder of HEAR task folders");
  if (fs::is_directory(tasks_dir / name, ec)) return name;
  std::vector<std::string> folders;
  for (const auto& entry : fs::directory_iterator(tasks_dir, ec)) {
    if (entry.is_directory(ec)) folders.push_back(entry.path().filename().string());
  }
  std::sort(folders.begin(), folders.end());
  for (const std::string& folder : folders) {
    if (folder.rfind(name + "-", 0) == 0) return folder;
  }
  std::string list;
  for (const std::string& folder : folders) list += (list.empty() ? "" : ", ") + folder;
  throw Error(tasks_dir.string() + ": no task folder '" + name + "' (found: " + (list.empty() ? "none" : list) + ")");
}

std::string build_mini_task(const fs::path& tasks_dir, const std::string& name) {
  eval::taskmaker::MakeTasksParams params;
  params.out_dir = tasks_dir.string();
  params.only = {name};
  params.log = log_line;
  std::vector<eval::taskmaker::MadeTask> made;
  {
    ProgressBar bar("bench eval: make " + name);
    made = eval::taskmaker::make_tasks(params, cancellable(bar));
  }
  if (made.empty()) throw Error("make-tasks built nothing for '" + name + "'");
  return fs::path(made.front().folder).filename().string();
}

struct BenchModel {
  std::unique_ptr<eval::tasks::HearClipEmbedder> embedder;
  std::string description;
  std::string tag;
};

// The sizes of configs/model/demo.yaml (2 encoder layers of width 64): embedding speed of the
// pipeline around the model (audio, log-mel, chunking, file writing) rather than of a big encoder.
model::ModelConfig demo_model_config() { return model::ModelConfig::small(2, 64); }

BenchModel open_bench_model(const BenchEvalOptions& options) {
  BenchModel result;
  if (!options.weights.empty()) {
    eval::tasks::HearModelOptions model_options;
    model_options.weights_path = options.weights;
    model_options.config_path = options.model_config;
    result.embedder = eval::tasks::HearClipEmbedder::open(model_options);
    result.description = options.weights;
    result.tag = eval::tasks::default_model_tag(model_options);
    return result;
  }
  const bool from_config = !options.model_config.empty();
  const model::ModelConfig config = from_config ? model::load_model_config(options.model_config) : demo_model_config();
  torch::manual_seed(0);  // the same random weights every run
  model::GramtModel net(config);
  net->eval();
  result.embedder = std::make_unique<eval::tasks::HearClipEmbedder>(model::HearEmbedder(net, model::EmbedOptions{}));
  result.description = (from_config ? "random weights, " + options.model_config
                                    : std::string("random weights, demo size")) +
                       " (" + std::to_string(config.encoder.layers) + " layers, width " +
                       std::to_string(config.encoder.dim) + ")";
  result.tag = "bench-random-strategy=raw";
  return result;
}

void bench_mini_task(const BenchEvalOptions& options) {
  // Scratch space for whatever this part writes; a given --tasks-dir is only read.
  const ScratchFolder scratch(fs::temp_directory_path() / ("gramt-bench-eval-" + std::to_string(::getpid())));
  const fs::path tasks_dir = options.tasks_dir.empty() ? scratch.path() / "tasks" : fs::path(options.tasks_dir);
  const auto make_start = std::chrono::steady_clock::now();
  const std::string task_folder = options.tasks_dir.empty() ? build_mini_task(tasks_dir, options.mini_task)
                                                            : find_task_folder(tasks_dir, options.mini_task);
  const double make_seconds = options.tasks_dir.empty() ? seconds_since(make_start) : 0.0;

  BenchModel bench_model = open_bench_model(options);
  eval::tasks::EmbedTasksParams embed;
  embed.tasks_dir = tasks_dir.string();
  embed.task_names = {task_folder};
  embed.embeddings_dir = (scratch.path() / "embeddings").string();
  embed.model_tag = bench_model.tag;
  embed.log = log_line;
  eval::tasks::EmbedTasksSummary summary;
  {
    ProgressBar bar("bench eval: embed " + task_folder);
    summary = eval::tasks::embed_tasks(*bench_model.embedder, embed, cancellable(bar));
  }
  const eval::tasks::TaskEmbedOutcome& outcome = summary.tasks.at(0);
  if (outcome.status != eval::tasks::TaskEmbedStatus::embedded) {
    throw Error(task_folder + ": embedding failed: " + outcome.error);
  }
  nlohmann::ordered_json embedding;
  embedding["bench"] = "mini_task_embedding";
  embedding["task"] = task_folder;
  embedding["tasks_made_here"] = options.tasks_dir.empty();
  embedding["make_tasks_seconds"] = make_seconds;
  embedding["model"] = bench_model.description;
  embedding["embedding_width"] = bench_model.embedder->embedder().scene_embedding_size();
  embedding["threads"] = at::get_num_threads();
  embedding["clips"] = outcome.files;
  embedding["seconds"] = outcome.seconds;  // reading audio, log-mel, model, writing the kits' files
  embedding["clips_per_second"] = outcome.seconds > 0 ? static_cast<double>(outcome.files) / outcome.seconds : 0.0;
  embedding["peak_rss_mb"] = peak_rss_mb();
  print_line(embedding);

  eval::predict::PredictParams predict;
  predict.grid = eval::predict::GridName::faster;
  predict.grid_points = options.mini_grid_points;
  predict.log = log_line;
  eval::predict::TaskPredictionResult prediction;
  {
    ProgressBar bar("bench eval: predict " + task_folder);
    prediction = eval::predict::predict_task(outcome.output_dir, predict, cancellable(bar));
  }
  nlohmann::ordered_json predictor;
  predictor["bench"] = "mini_task_predictor";
  predictor["task"] = task_folder;
  predictor["grid"] = "faster";
  predictor["grid_points"] = prediction.grid_points.size();
  predictor["workers"] = prediction.plan.workers;
  predictor["threads_per_worker"] = prediction.plan.threads_per_worker;
  nlohmann::ordered_json points = nlohmann::ordered_json::array();
  double summed_point_seconds = 0.0;
  for (const eval::predict::GridPointSummary& point : prediction.grid_points) {
    const double seconds = point.time_in_min * 60.0;
    summed_point_seconds += seconds;
    points.push_back({{"hidden_layers", point.conf.at("hidden_layers")},
                      {"hidden_dim", point.conf.at("hidden_dim")},
                      {"lr", point.conf.at("lr")},
                      {"seconds", seconds},
                      {"epochs", point.epochs_trained},
                      {"validation_score", point.validation_score}});
  }
  predictor["points"] = points;
  const double point_count = static_cast<double>(std::max<size_t>(1, prediction.grid_points.size()));
  predictor["mean_seconds_per_point"] = summed_point_seconds / point_count;
  predictor["wall_seconds"] = prediction.seconds;  // grid search, retraining per fold, testing
  predictor["test_score"] = prediction.headline_test_score;
  predictor["peak_rss_mb"] = peak_rss_mb();
  print_line(predictor);
}

// ---- the command -----------------------------------------------------------------------------

const std::vector<std::string> kParts = {"event_scoring", "mini_task", "predictor_grid"};

void run_bench_eval(BenchEvalOptions options) {
  if (options.quick) {
    // Small enough to try in about a minute on two cores.
    options.rows = std::min<int64_t>(options.rows, 5000);
    options.grid = "faster";
  }
  // Every option is checked before any work, so a typo costs nothing.
  const eval::predict::GridName grid = eval::predict::parse_grid_name(options.grid);
  if (options.rows < 30) throw Error("--rows must be at least 30 (split 80/10/10 into train/valid/test)");
  if (options.width < 1) throw Error("--width must be at least 1");
  if (options.grid_points < 1) throw Error("--grid-points must be at least 1");
  if (options.mini_grid_points < 1) throw Error("--mini-grid-points must be at least 1");
  if (options.max_epochs < 0) throw Error("--max-epochs must be 0 (the grid's) or more");
  if (options.threads < 0) throw Error("--threads must be 0 (all cores) or more");
  if (options.workers < 0 || options.threads_per_worker < 0) {
    throw Error("--workers and --threads-per-worker must be 0 (automatic) or more");
  }
  if (!options.model_config.empty() && !fs::is_regular_file(options.model_config)) {
    throw Error(options.model_config + ": --model-config file not found");
  }
  if (!options.weights.empty() && !fs::is_regular_file(options.weights)) {
    throw Error(options.weights + ": --weights file not found");
  }
  const auto wanted = [&](const std::string& part) {
    return options.only.empty() || std::find(options.only.begin(), options.only.end(), part) != options.only.end();
  };
  const std::vector<std::string> recipes = eval::taskmaker::task_recipe_names();
  if (wanted("mini_task") && options.tasks_dir.empty() &&
      std::find(recipes.begin(), recipes.end(), options.mini_task) == recipes.end()) {
    std::string list;
    for (const std::string& name : recipes) list += (list.empty() ? "" : ", ") + name;
    throw Error("--mini-task '" + options.mini_task + "': make-tasks knows " + list);
  }
  // LibTorch 1.13 may start with one intra-op thread; the embedding and the per-architecture
  // measurement behind the kit estimate should use the machine as a user's run would.
  model::use_compute_threads(options.threads);

  g_bench_eval_cancel.store(false);
  auto previous = std::signal(SIGINT, request_bench_eval_cancel);
  const auto start = std::chrono::steady_clock::now();
  try {
    // Smallest memory first: ru_maxrss only grows, so each part's peak_rss_mb stays meaningful.
    if (wanted("event_scoring")) bench_event_scoring();
    if (wanted("mini_task")) bench_mini_task(options);
    if (wanted("predictor_grid")) bench_predictor_grid(options, grid);
  } catch (...) {
    std::signal(SIGINT, previous);
    throw;
  }
  std::signal(SIGINT, previous);
  nlohmann::ordered_json total;
  total["bench"] = "eval_total";
  total["quick"] = options.quick;
  total["wall_seconds"] = seconds_since(start);
  total["peak_rss_mb"] = peak_rss_mb();
  print_line(total);
}

}  // namespace

void add_bench_eval_subcommand(CLI::App& bench) {
  auto* cmd = bench.add_subcommand(
      "eval", "Evaluation speed: event scoring, one mini task embedded and predicted, the predictor grid on a "
              "large synthetic scene task (JSON lines)");
  auto o = std::make_shared<BenchEvalOptions>();
  cmd->add_option("--rows", o->rows, "synthetic large task: scene embeddings (80/10/10 train/valid/test)")
      ->capture_default_str();
  cmd->add_option("--width", o->width, "synthetic large task: embedding width")->capture_default_str();
  cmd->add_option("--grid", o->grid, "predictor grid on the large task: default | fast | faster")->capture_default_str();
  cmd->add_option("--grid-points", o->grid_points, "grid configurations tried on the large task")->capture_default_str();
  cmd->add_option("--max-epochs", o->max_epochs, "cap every grid point's epochs on the large task (0 = the grid's)")
      ->capture_default_str();
  cmd->add_option("--workers", o->workers, "grid points trained side by side (0 = automatic)")->capture_default_str();
  cmd->add_option("--threads-per-worker", o->threads_per_worker, "CPU threads per predictor worker (0 = automatic)")
      ->capture_default_str();
  cmd->add_option("--threads", o->threads, "compute threads for embedding and the kit-estimate measurement (0 = all)")
      ->capture_default_str();
  cmd->add_option("--mini-task", o->mini_task, "mini task to make (or find in --tasks-dir), embed and predict")
      ->capture_default_str();
  cmd->add_option("--mini-grid-points", o->mini_grid_points, "grid points of the mini task's faster grid")
      ->capture_default_str();
  cmd->add_option("--tasks-dir", o->tasks_dir, "existing folder of HEAR task folders (default: make one in /tmp)");
  cmd->add_option("--model-config", o->model_config, "model config YAML (without --weights: random weights of it)");
  cmd->add_option("--weights", o->weights, "safetensors weights to embed the mini task with (default: random demo model)");
  cmd->add_option("--only", o->only, "run only this part (repeatable)")
      ->check(CLI::IsMember(kParts));
  cmd->add_flag("--quick,--skip-large", o->quick, "large task cut to 5000 rows and the faster grid (about a minute)");
  // --full-size: the real tasks' size, measured from outside in child processes (bench_eval_full_size.h).
  auto full = std::make_shared<FullSizeBenchOptions>();
  auto* full_flag = cmd->add_flag("--full-size", "instead of the parts above: embed HEAR-size tasks made (once, cached) "
                                                 "from the packaged sounds with the demo and base models, fp32 and bf16, "
                                                 "and run the predictor on the largest (clips/s, real-time factor, peak RSS)");
  cmd->add_option("--full-size-dir", full->cache_dir, "cache of the generated tasks and weights (default: "
                                                      "~/.cache/gramt-workbench/bench-eval-full-size)");
  cmd->add_option("--full-size-clips", full->scene_clips, "clips of the large scene task (a tenth: the small one)")->capture_default_str();
  cmd->add_option("--full-size-event-clips", full->event_clips, "clips of the event task")->capture_default_str();
  cmd->add_option("--full-size-event-seconds", full->event_seconds, "length of each event clip")->capture_default_str();
  cmd->add_option("--full-size-model", full->models, "model sizes to measure (repeatable)")->check(CLI::IsMember({"demo", "base"}));
  cmd->add_option("--full-size-precision", full->precisions, "base-model precisions (repeatable)")
      ->check(CLI::IsMember({"32", "fp32", "bf16", "bf16-mixed"}));
  cmd->add_flag("--full-size-base-on-large", full->base_full, "embed the large task with the base model too (hours on two cores)");
  cmd->add_option("--full-size-grid-points", full->grid_points, "predictor grid points on the large task (0: none)")->capture_default_str();
  cmd->callback([o, full, full_flag] {
    if (full_flag->count() > 0) {
      full->threads = o->threads;
      run_full_size_bench(*full);
      return;
    }
    run_bench_eval(*o);
  });
}

}  // namespace gramt::cli

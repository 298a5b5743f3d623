// gramt-cli predict: the kits' downstream evaluation (MLP grid search, retraining per fold, test
// scores) on embeddings task folders, writing test.predicted-scores.json into each.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <torch/cuda.h>

#include "app/cli/commands.h"
#include "app/cli/device_option.h"
#include "app/cli/progress_bar.h"
#include "app/cli/setting_options.h"
#include "core/common/error.h"
#include "core/eval/format/python_random.h"
#include "core/eval/predict/task_prediction.h"

namespace gramt::cli {
namespace {

std::atomic<bool> g_predict_cancel{false};

extern "C" void request_predict_cancel(int) { g_predict_cancel.store(true); }

}  // namespace

void add_predict_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "predict", "Train the kits' MLP predictor (or run the kNN probe) on embeddings task folders and write test.predicted-scores.json (-knn.json)");
  // Settings start at their declared defaults (add_setting_option).
  struct Options {
    std::vector<std::string> tasks;
    std::string grid, localization, device, kit, probe, knn_distance;
    int64_t knn_k = 0;
    int64_t grid_points = 0, seed = 0, workers = 0, threads = 0;
    bool force = false, shuffle = false, random_probe = false;
  };
  auto o = std::make_shared<Options>();
  using eval::settings::kPredict;
  cmd->add_option("tasks", o->tasks, "embeddings task folders (<embeddings>/<model>/<task>)")->required();
  add_setting_option(*cmd, kPredict, "grid", o->grid);
  add_setting_option(*cmd, kPredict, "grid-points", o->grid_points);
  add_setting_option(*cmd, kPredict, "localization", o->localization);
  add_setting_option(*cmd, kPredict, "device", o->device);
  add_setting_option(*cmd, kPredict, "seed", o->seed);
  add_setting_option(*cmd, kPredict, "kit", o->kit);
  add_setting_option(*cmd, kPredict, "workers", o->workers);
  add_setting_option(*cmd, kPredict, "threads-per-worker", o->threads);
  add_setting_option(*cmd, kPredict, "shuffle", o->shuffle);
  add_setting_option(*cmd, kPredict, "random-probe", o->random_probe);
  add_setting_option(*cmd, kPredict, "probe", o->probe);
  add_setting_option(*cmd, kPredict, "knn-k", o->knn_k);
  add_setting_option(*cmd, kPredict, "knn-distance", o->knn_distance);
  add_setting_option(*cmd, kPredict, "force", o->force);
  add_schema_flag(*cmd, kPredict);
  cmd->callback([o] {
    eval::predict::PredictParams params;
    params.grid = eval::predict::parse_grid_name(o->grid);
    params.grid_points = o->grid_points;
    params.seed = o->seed;
    params.kit = eval::predict::parse_kit_flavour(o->kit);
    params.localization = o->localization;
    if (!params.localization.empty()) eval::predict::make_prediction_head(params.localization, "--localization", params.kit);
    params.random_probe = o->random_probe;
    params.probe = eval::predict::parse_probe_kind(o->probe);
    params.knn_k = o->knn_k;
    params.knn_distance = eval::predict::parse_knn_distance(o->knn_distance);
    if (params.probe == eval::predict::ProbeKind::knn && params.random_probe)
      throw Error("--random-probe trains the MLP on shuffled targets; it does not go with --probe knn");
    params.device = parse_device_option(o->device);
    params.max_workers = o->workers;
    params.threads_per_worker = o->threads;
    params.skip_if_done = !o->force;
    params.log = [](const std::string& line) {
      // Clears a progress bar drawn on the same terminal line first.
      std::fprintf(stderr, isatty(STDERR_FILENO) ? "\r%s\033[K\n" : "%s\n", line.c_str());
    };

    std::vector<std::string> tasks = o->tasks;
    // The same order as the kits' `random.seed(42); random.shuffle(task_dirs)` (lek seeds 42 in __main__).
    if (o->shuffle) eval::format::PythonRandom(o->seed).shuffle(tasks);

    g_predict_cancel.store(false);
    auto previous = std::signal(SIGINT, request_predict_cancel);
    int failures = 0;
    for (const std::string& task : tasks) {
      const std::string name = std::filesystem::path(task).filename().string();
      try {
        ProgressBar bar("predict " + name);
        ProgressSink sink = bar.sink();
        sink.cancel = &g_predict_cancel;
        const auto result = eval::predict::predict_task(task, params, sink);
        bar.finish();
        if (result.skipped) {
          std::cout << task << ": skipped (prediction already done; --force redoes it)" << std::endl;
          continue;
        }
        if (result.grid_points.empty()) {  // the kNN probe: nothing trained
          std::cout << task << ": test score " << result.headline_test_score << " (kNN, k " << params.knn_k << ", "
                    << eval::predict::knn_distance_string(params.knn_distance) << "; " << result.seconds << " s) -> "
                    << result.scores_path << std::endl;
          continue;
        }
        const auto& best = result.grid_points.at(result.best_grid_point);
        std::cout << task << ": test score " << result.headline_test_score << " (best of "
                  << result.grid_points.size() << " grid points: #" << result.best_grid_point + 1
                  << ", validation " << best.validation_score << " at epoch " << best.epoch << "; "
                  << result.plan.workers << " workers; " << result.seconds << " s) -> " << result.scores_path
                  << std::endl;
      } catch (const Cancelled&) {
        std::signal(SIGINT, previous);
        throw;
      } catch (const Error& e) {
        // A failing task stops only itself.
        ++failures;
        std::cerr << "gramt-cli predict: " << task << ": " << e.what() << std::endl;
      } catch (const c10::Error& e) {
        ++failures;
        std::cerr << "gramt-cli predict: " << task << ": LibTorch: " << e.what_without_backtrace() << std::endl;
      }
    }
    std::signal(SIGINT, previous);
    if (failures > 0) {
      throw Error(std::to_string(failures) + " of " + std::to_string(o->tasks.size()) + " tasks failed");
    }
  });
}

}  // namespace gramt::cli

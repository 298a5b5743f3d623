// gramt-cli train: masked-autoencoder pretraining, configured Hydra-style:
//   gramt-cli train data=audioset data.sr=32000 patching=time data.mask_patch=80 trainer.batch_size=32
// Writes runs/<name>/ (config.yaml, metrics.jsonl, tb/, images/, checkpoints/); --resume continues one.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <numeric>

#include "app/cli/commands.h"
#include "app/cli/progress_bar.h"
#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/io/config/config_composer.h"
#include "core/io/config/config_dir.h"
#include "core/model/compute_threads.h"
#include "core/train/run_logger.h"
#include "core/train/train_settings.h"
#include "core/train/training_setup.h"

namespace gramt::cli {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void request_stop(int) { g_stop = true; }

double mean_of(const std::vector<double>& v, size_t from, size_t to) {
  if (to <= from) return 0;
  return std::accumulate(v.begin() + static_cast<std::ptrdiff_t>(from), v.begin() + static_cast<std::ptrdiff_t>(to), 0.0) /
         static_cast<double>(to - from);
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("train", "Pretrain GRAM-T (masked autoencoder) from configs/ with Hydra-style overrides");
  struct Options {
    std::vector<std::string> overrides;
    std::string run_dir, resume, config_dir;
    int threads = 0;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("overrides", o->overrides, "group=option, key.path=value, +new.key=value ...");
  cmd->add_option("--run-dir", o->run_dir, "run folder (default: <save_dir>/<run name>)");
  cmd->add_option("--resume", o->resume, "continue the run in this folder from its newest checkpoint");
  cmd->add_option("--config-dir", o->config_dir, "folder of base.yaml and the groups (default: the project's configs/)");
  cmd->add_option("--threads", o->threads, "compute threads (0 = all cores)");
  cmd->callback([o] {
    namespace fs = std::filesystem;
    model::use_compute_threads(o->threads);
    config::ComposeRequest request;
    request.config_dir = config::locate_config_dir(o->config_dir);
    request.overrides = o->overrides;
    config::Config cfg = config::compose_config(request);
    std::string run_dir = o->run_dir;
    const bool resume = !o->resume.empty();
    if (resume) {
      run_dir = o->resume;
      const fs::path saved = fs::path(run_dir) / "config.yaml";
      if (!fs::exists(saved)) throw Error(run_dir + ": not a run folder (no config.yaml)");
      const config::Config previous(YAML::LoadFile(saved.string()), saved.string());
      if (o->overrides.empty()) {
        cfg = previous;  // resume exactly what was run
      } else if (previous.to_yaml() != cfg.to_yaml()) {
        throw Error(run_dir + ": this run was made with a different configuration than the one given now; resume "
                    "without overrides, or start a new run folder");
      }
    }
    train::TrainSettings settings = train::read_train_settings(cfg);
    if (run_dir.empty()) run_dir = (fs::path(cfg.get_or<std::string>("save_dir", "runs")) / settings.run_name).string();
    const auto env = train::distributed_env_from_environment();
    train::DataParallel parallel(env);
    const bool main_process = parallel.is_main();
    const std::string config_text = cfg.to_yaml();
    if (main_process) {
      std::cout << "# resolved configuration\n" << config_text << std::flush;
      if (!resume) write_file_atomically((fs::path(run_dir) / "config.yaml").string(), config_text);
      std::cerr << "configs: " << request.config_dir << "\n";
      std::cerr << "run folder: " << run_dir << (env.enabled() ? " (" + std::to_string(env.world_size) + " processes)" : "")
                << "\n";
    }
    // Data problems (missing folder, no shard, empty set, bad SOFA) stop here, before any training.
    auto data = train::prepare_training(cfg, settings, env);

    train::TrainerParams params = settings.trainer;
    params.run_dir = run_dir;
    params.resume = resume;
    params.config_yaml = config_text;
    std::unique_ptr<train::RunLogger> logger;
    if (main_process) logger = std::make_unique<train::RunLogger>(run_dir);

    g_stop = false;
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    ProgressBar bar("train");
    train::TrainerCallbacks cb;
    cb.progress.cancel = &g_stop;
    double last_loss = 0, rate = 0;
    cb.on_step = [&](const train::StepReport& r) {
      last_loss = r.loss;
      rate = rate == 0 ? r.crops_per_second : 0.9 * rate + 0.1 * r.crops_per_second;
      if (logger) logger->log_step(r);
      char what[96];
      std::snprintf(what, sizeof(what), "step %lld loss %.4f %.1f crops/s", static_cast<long long>(r.step), r.loss, rate);
      if (main_process) bar.draw(static_cast<double>(r.step) / static_cast<double>(params.steps), what);
    };
    cb.on_images = [&](const train::SpectrogramSnapshot& s) {
      if (logger) logger->log_images(s);
    };
    cb.on_checkpoint = [&](int64_t step, const std::string& path) {
      if (logger) logger->log_event("checkpoint", path, step);
    };
    train::TrainResult result;
    try {
      result = train::train(data.model, *data.batches, params, parallel, cb);
    } catch (const Error& e) {
      bar.finish();
      if (logger) logger->log_event("error", e.what(), -1);
      throw;
    }
    bar.finish();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (!main_process) return;
    const auto& l = result.losses;
    const size_t n = l.size(), k = std::min<size_t>(50, n / 2);
    std::cout << "steps " << result.first_step << " -> " << result.last_step << (result.interrupted ? " (stopped: checkpoint saved)" : "")
              << "\n";
    if (n > 0)
      std::cout << "loss: first " << k << "-step mean " << mean_of(l, 0, k) << ", last " << k << "-step mean "
                << mean_of(l, n - k, n) << " (final " << last_loss << ")\n";
    if (data.skipped_items) std::cout << "skipped items: " << data.skipped_items() << "\n";
    std::cout << "checkpoints: " << run_dir << "/checkpoints, metrics: " << run_dir << "/metrics.jsonl, TensorBoard: "
              << run_dir << "/tb\n";
  });
}

}  // namespace gramt::cli

// gramt-cli train: masked-autoencoder pretraining, configured Hydra-style:
//   gramt-cli train data=audioset data.sr=32000 patching=time data.mask_patch=80 trainer.batch_size=32
// parse -> create or resume the run folder (layout: core/train/run_folder.h) -> train.
// --progress json gives machine-readable progress on stdout; --schema describes the configuration.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <numeric>

#include "app/cli/commands.h"
#include "app/cli/json_progress.h"
#include "app/cli/progress_bar.h"
#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/io/config/config_composer.h"
#include "core/io/config/config_dir.h"
#include "core/io/config/config_schema.h"
#include "core/model/compute_precision.h"
#include "core/model/compute_threads.h"
#include "core/train/distributed.h"
#include "core/train/run_folder.h"
#include "core/train/resume_adjustments.h"
#include "core/train/run_logger.h"
#include "core/train/train_setting_table.h"
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

struct TrainOptions {
  std::vector<std::string> overrides;
  std::string run_dir, resume, config_dir, progress = "bar";
  int threads = 0;
  bool schema = false;
};

// What to train and where. A new run gets its folder and config.yaml; --resume reads config.yaml
// back and applies the overrides given with it, only those a resume may change
// (core/train/resume_adjustments.h); the trainer then checks it against the checkpoint.
struct RunPlan {
  train::RunFolder run{""};
  config::Config config;
  train::TrainSettings settings;
  bool resume = false;
  std::vector<train::ConfigChange> changes;  // what --resume's overrides changed
};

config::Config read_saved_config(const train::RunFolder& run) {
  if (!std::filesystem::exists(run.config_path())) throw Error(run.dir() + ": not a run folder (no config.yaml)");
  try {
    return config::Config(YAML::LoadFile(run.config_path()), run.config_path());
  } catch (const YAML::Exception& e) {
    throw Error(run.config_path() + ": not valid YAML: " + e.what());
  }
}

RunPlan plan_run(const TrainOptions& o, const config::ComposeRequest& request) {
  RunPlan plan;
  plan.resume = !o.resume.empty();
  if (plan.resume) {
    plan.run = train::RunFolder(o.resume);
    train::ResumedConfig resumed = train::apply_resume_overrides(read_saved_config(plan.run), o.overrides);
    plan.config = std::move(resumed.config);
    plan.changes = std::move(resumed.changes);
  } else {
    plan.config = config::compose_config(request);
  }
  plan.settings = train::read_train_settings(plan.config);
  if (!plan.resume) {
    const std::string save_dir = plan.config.get_or<std::string>("save_dir", "runs");
    plan.run = train::RunFolder(o.run_dir.empty() ? (std::filesystem::path(save_dir) / plan.settings.run_name).string()
                                                  : o.run_dir);
    // A fresh run never writes into another run's folder: its metrics would interleave with the old
    // ones and its checkpoints replace them. (Only the first process checks: it creates the folder.)
    if (train::distributed_env_from_environment().rank == 0 && plan.run.looks_like_run())
      throw Error(plan.run.dir() + " holds a run already: continue it with --resume " + plan.run.dir() +
                  ", or give another --run-dir");
  }
  return plan;
}

void train_run(const TrainOptions& o, const config::ComposeRequest& request) {
  // Taken first, so nothing printed on the way (the resolved config, libraries) reaches stdout.
  std::unique_ptr<JsonProgress> json;
  if (o.progress == "json") json = std::make_unique<JsonProgress>();
  else if (o.progress != "bar") throw Error("--progress: '" + o.progress + "' is not bar or json");
  std::ostream& human = json ? std::cerr : std::cout;
  try {
    const RunPlan plan = plan_run(o, request);
    const auto env = train::distributed_env_from_environment();
    train::DataParallel parallel(env);
    const bool main_process = parallel.is_main();
    const std::string config_text = plan.config.to_yaml();
    const auto& run = plan.run;
    std::unique_ptr<train::RunLogger> logger;
    if (main_process) {
      human << "# resolved configuration\n" << config_text << std::flush;
      if (!plan.resume) write_file_atomically(run.config_path(), config_text);
      std::cerr << "configs: " << request.config_dir << "\n";
      std::cerr << "run folder: " << run.dir() << (env.enabled() ? " (" + std::to_string(env.world_size) + " processes)" : "")
                << "\n";
      if (plan.settings.trainer.bf16_mixed && plan.settings.trainer.device.is_cpu()) {
        const auto choice = model::choose_cpu_precision(model::ComputePrecision::bf16);
        std::cerr << "precision: "
                  << (choice.notice.empty() ? "bf16-mixed on the CPU (oneDNN bf16 products, fp32 weights)"
                                            : "trainer.precision=bf16-mixed: " + choice.notice)
                  << "\n";
      }
      const auto saved = run.checkpoint_steps();
      logger = std::make_unique<train::RunLogger>(run, plan.resume && !saved.empty() ? saved.back() : 0,
                                                  plan.settings.trainer.steps);
    }
    int64_t step = 0;
    double last_loss = 0, rate = 0;
    try {
      // Data problems (missing folder, no shard, empty set, bad SOFA) stop here, before any training.
      auto data = train::prepare_training(plan.config, plan.settings, env);
      train::TrainerParams params = plan.settings.trainer;
      params.run_dir = run.dir();
      params.resume = plan.resume;
      params.config_yaml = config_text;

      g_stop = false;
      std::signal(SIGINT, request_stop);
      std::signal(SIGTERM, request_stop);
      ProgressBar bar("train");
      train::TrainerCallbacks cb;
      cb.progress.cancel = &g_stop;
      cb.on_start = [&](int64_t first_step, bool resumed) {
        step = first_step;
        if (logger) logger->log_start(first_step, resumed);
        // The trainer has accepted the adjusted configuration: a later plain --resume uses it too.
        if (main_process && resumed && !plan.changes.empty()) {
          write_file_atomically(run.config_path(), config_text);
          logger->log_adjustments(first_step, plan.changes);
        }
      };
      cb.on_step = [&](const train::StepReport& r) {
        step = r.step;
        last_loss = r.loss;
        rate = rate == 0 ? r.crops_per_second : 0.9 * rate + 0.1 * r.crops_per_second;
        if (!main_process) return;
        logger->log_step(r);
        if (json) {
          json->report("train", r.step, params.steps, {{"loss", r.loss}, {"crops_per_s", rate}});
          return;
        }
        char what[96];
        std::snprintf(what, sizeof(what), "step %lld loss %.4f %.1f crops/s", static_cast<long long>(r.step), r.loss, rate);
        bar.draw(static_cast<double>(r.step) / static_cast<double>(params.steps), what);
      };
      cb.on_images = [&](const train::SpectrogramSnapshot& s) {
        if (logger) logger->log_images(s);
      };
      cb.on_checkpoint = [&](int64_t at, const std::string& path) {
        if (logger) logger->log_checkpoint(at, path);
      };
      const train::TrainResult result = train::train(data.model, *data.batches, params, parallel, cb);
      bar.finish();
      std::signal(SIGINT, SIG_DFL);
      std::signal(SIGTERM, SIG_DFL);
      if (!main_process) return;
      const std::string end = result.interrupted ? "stopped by signal; checkpoint at step " + std::to_string(result.last_step) + " saved" : "";
      logger->log_end(result.interrupted ? train::RunState::stopped : train::RunState::finished, result.last_step, end);
      if (json)
        json->finish({{"done", result.last_step}, {"total", params.steps}, {"loss", last_loss}, {"crops_per_s", rate},
                      {"state", result.interrupted ? "stopped" : "finished"}, {"run_dir", run.dir()}});
      const auto& l = result.losses;
      const size_t n = l.size(), k = std::min<size_t>(50, n / 2);
      human << "steps " << result.first_step << " -> " << result.last_step << (result.interrupted ? " (stopped: checkpoint saved)" : "")
            << "\n";
      if (n > 0)
        human << "loss: first " << k << "-step mean " << mean_of(l, 0, k) << ", last " << k << "-step mean "
              << mean_of(l, n - k, n) << " (final " << last_loss << ")\n";
      if (data.skipped_items) human << "skipped items: " << data.skipped_items() << "\n";
      human << "checkpoints: " << run.checkpoints_dir() << ", metrics: " << run.metrics_path()
            << ", TensorBoard: " << run.tensorboard_dir() << "\n";
    } catch (const std::exception& e) {
      if (logger) logger->log_end(train::RunState::crashed, step, e.what());
      throw;
    }
  } catch (const std::exception& e) {
    if (json) json->error(e.what());
    throw;
  }
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("train", "Pretrain GRAM-T (masked autoencoder) from configs/ with Hydra-style overrides");
  auto o = std::make_shared<TrainOptions>();
  cmd->add_option("overrides", o->overrides, "group=option, key.path=value, +new.key=value ...");
  cmd->add_option("--run-dir", o->run_dir, "run folder (default: <save_dir>/<run name>)");
  cmd->add_option("--resume", o->resume,
                  "continue the run in this folder from its newest checkpoint; overrides may then change only "
                  "trainer.steps (the cosine schedule spans the new total), trainer.checkpoint.every/keep_last/"
                  "keep_steps, trainer.log_every, trainer.log_images_every and data.num_workers");
  cmd->add_option("--config-dir", o->config_dir, "folder of base.yaml and the groups (default: the project's configs/)");
  cmd->add_option("--threads", o->threads, "compute threads (0 = all cores)");
  cmd->add_option("--progress", o->progress,
                  "bar: a progress bar on a terminal; json: stdout carries only one JSON object per line "
                  "({\"stage\":\"train\",\"done\":N,\"total\":M,\"seconds\":..,\"eta\":..,\"loss\":..,\"crops_per_s\":..}, "
                  "then {\"stage\":\"done\",...})")
      ->check(CLI::IsMember({"bar", "json"}));
  cmd->add_flag("--schema", o->schema,
                "print the composed configuration's groups, chosen options and every key (type, value, default, "
                "range, help) as JSON, and exit");
  cmd->callback([o] {
    config::ComposeRequest request;
    request.config_dir = config::locate_config_dir(o->config_dir);
    request.overrides = o->overrides;
    if (o->schema) {
      std::cout << config::config_schema(request, train::train_setting_table()).dump(2) << "\n";
      return;
    }
    model::use_compute_threads(o->threads);
    train_run(*o, request);
  });
}

}  // namespace gramt::cli

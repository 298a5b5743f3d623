// gramt-cli embed-tasks: the HEAR embeddings runner. Every task folder of --tasks-dir (or the
// --task ones) becomes <embeddings-dir>/<model-tag>/<task>/ in the kits' layout, ready for
// `gramt-cli predict` or the kits' own predictions runner.
#include <unistd.h>

#include <atomic>
#include <tuple>
#include <csignal>
#include <cstdio>
#include <iostream>

#include <torch/cuda.h>

#include "app/cli/commands.h"
#include "app/cli/device_option.h"
#include "app/cli/precision_option.h"
#include "core/common/sha256.h"
#include "app/cli/progress_bar.h"
#include "app/cli/setting_options.h"
#include "app/cli/weights_argument.h"
#include "core/audio/ambisonic_format.h"
#include "core/common/error.h"
#include "core/eval/tasks/embed_tasks.h"
#include "core/eval/tasks/hear_clip_embedder.h"
#include "core/model/compute_threads.h"

namespace gramt::cli {
namespace {



const char* status_word(eval::tasks::TaskEmbedStatus s) {
  switch (s) {
    case eval::tasks::TaskEmbedStatus::embedded: return "embedded";
    case eval::tasks::TaskEmbedStatus::skipped: return "skipped (already embedded)";
    case eval::tasks::TaskEmbedStatus::failed: return "FAILED";
    case eval::tasks::TaskEmbedStatus::shard_done: return "this shard done";
  }
  return "?";
}

}  // namespace

void add_embed_tasks_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("embed-tasks",
                                 "Embed HEAR task folders into the kits' embeddings layout (resumable)");
  // Settings start at their declared defaults (add_setting_option).
  struct Options {
    std::string config, weights, strategy, model_options_json, tasks_dir, embeddings_dir, model_tag, device, precision,
        shard = "0/1", foa_format = "ambix";
    std::vector<std::string> tasks;
    int layer = 0, chunk_batch = 0, threads = 0;
    int64_t batch_clips = 0;
    bool lenient = false, force = false, merge = false;
  };
  auto o = std::make_shared<Options>();
  using eval::settings::kEmbedTasks;
  cmd->add_option("--model-config", o->config, "model config YAML (default: from the weights file)");
  cmd->add_option("--weights", o->weights, "weights: safetensors, a PyTorch / Lightning .ckpt, or hf://org/name[@revision]")->required();
  cmd->add_option("--model-options", o->model_options_json,
                  "the kits' JSON object, e.g. '{\"strategy\": \"raw\", \"use_mwmae_decoder\": \"true\", \"in_channels\": 2}': "
                  "overrides --strategy/--layer and names the folder hear_configs.GRAMT[Time]-strategy=raw-...");
  add_setting_option(*cmd, kEmbedTasks, "strategy", o->strategy);
  auto* layer = add_setting_option(*cmd, kEmbedTasks, "layer", o->layer);
  cmd->add_option("--tasks-dir", o->tasks_dir, "folder of HEAR task folders")->required();
  cmd->add_option("--task", o->tasks, "task folder name (repeatable; default: every task folder)");
  cmd->add_option("--embeddings-dir", o->embeddings_dir, "output root")->required();
  cmd->add_option("--model-tag", o->model_tag, "output folder name (default: <weights stem>-strategy=<s>[-layer=<n>])");
  add_setting_option(*cmd, kEmbedTasks, "batch-clips", o->batch_clips);
  add_setting_option(*cmd, kEmbedTasks, "chunk-batch", o->chunk_batch);
  add_setting_option(*cmd, kEmbedTasks, "threads", o->threads);
  add_setting_option(*cmd, kEmbedTasks, "device", o->device);
  add_setting_option(*cmd, kEmbedTasks, "no-strict", o->lenient);
  add_setting_option(*cmd, kEmbedTasks, "precision", o->precision);
  add_setting_option(*cmd, kEmbedTasks, "force", o->force);
  add_setting_option(*cmd, kEmbedTasks, "shard", o->shard);
  add_setting_option(*cmd, kEmbedTasks, "merge", o->merge);
  add_setting_option(*cmd, kEmbedTasks, "foa-format", o->foa_format);
  add_schema_flag(*cmd, kEmbedTasks);
  cmd->callback([o, layer] {
    model::use_compute_threads(o->threads);
    eval::tasks::HearModelOptions model_options;
    const hub::ResolvedWeights weights = resolve_weights_option(o->weights);
    model_options.weights_path = weights.path;
    model_options.config_path = o->config;
    model_options.strategy = o->strategy;
    if (layer->count()) model_options.layer = o->layer;
    eval::tasks::apply_kit_model_options(o->model_options_json, model_options);
    model_options.chunk_batch = o->chunk_batch;
    model_options.strict = !o->lenient;
    model_options.device = parse_device_option(o->device);
    if (o->batch_clips < 1) throw Error("--batch-clips must be at least 1");
    model_options.precision = resolve_precision_option(o->precision, model_options.device.is_cpu());

    eval::tasks::EmbedTasksParams params;
    params.tasks_dir = o->tasks_dir;
    params.task_names = o->tasks;
    params.embeddings_dir = o->embeddings_dir;
    auto embedder = eval::tasks::HearClipEmbedder::open(model_options);
    eval::tasks::HearModelOptions tag_options = model_options;
    tag_options.weights_path = weights_name_for_tags(weights);
    params.model_tag = o->model_tag.empty()
                           ? eval::tasks::default_model_tag(tag_options, embedder->embedder().model()->config().patching.name)
                           : o->model_tag;
    params.batch_clips = o->batch_clips;
    params.device_name = o->device;
    // hf:// weights were checked against the hub's hash when resolved; a file is hashed here.
    params.manifest = eval::tasks::embedding_manifest(
        model_options, weights.sha256.empty() ? file_sha256_hex(weights.path) : weights.sha256,
        o->config.empty() ? "" : file_sha256_hex(o->config));
    params.force = o->force;
    std::tie(params.shard_index, params.shard_count) = eval::tasks::parse_shard(o->shard);
    params.merge_only = o->merge;
    params.foa_format = audio::parse_foa_format(o->foa_format, "--foa-format");
    params.log = print_log_line;

    eval::tasks::EmbedTasksSummary summary;
    {
      CtrlCCancels ctrl_c;
      ProgressBar bar("embed-tasks");
      ProgressSink sink = bar.sink();
      sink.cancel = ctrl_c.flag_ptr();
      summary = eval::tasks::embed_tasks(*embedder, params, sink);
    }

    for (const auto& t : summary.tasks) {
      std::cout << t.task << ": " << status_word(t.status);
      if (t.status == eval::tasks::TaskEmbedStatus::embedded || t.status == eval::tasks::TaskEmbedStatus::shard_done) {
        std::cout << " (" << t.files << " clips embedded, " << t.files_reused << " kept from an earlier run, " << t.seconds << " s)";
        if (t.status == eval::tasks::TaskEmbedStatus::embedded) std::cout << " -> " << t.output_dir;
        else std::cout << "; " << t.files_missing << " clips wait for other shards";
      }
      if (t.status == eval::tasks::TaskEmbedStatus::failed) std::cout << ": " << t.error;
      std::cout << std::endl;
    }
    const size_t failed = summary.count(eval::tasks::TaskEmbedStatus::failed);
    std::cout << summary.count(eval::tasks::TaskEmbedStatus::embedded) << " embedded, "
              << summary.count(eval::tasks::TaskEmbedStatus::skipped) << " skipped, " << failed << " failed"
              << std::endl;
    if (failed > 0) throw Error(std::to_string(failed) + " of " + std::to_string(summary.tasks.size()) + " tasks failed");
  });
}

}  // namespace gramt::cli

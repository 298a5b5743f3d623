// gramt-cli evaluate: the mini benchmark end to end. Builds the tasks if --tasks-dir is empty,
// embeds every task with the model, trains and tests the kits' predictor on each (once per seed),
// prints the results table and writes results.json with the protocol. `--progress json` gives a
// driving program one JSON object per line on stdout:
//   {"stage":"predict","task":"mini_pitch-v1-small","done":2,"total":7,"seconds":81.2,"eta":40.5,
//    "what":"mini_pitch-v1-small seed 2/3: mini_pitch grid point 1/4: epoch 3/10"}
// stage is make-tasks, embed, predict or done; done/total count the stage's tasks; eta is the
// stage's estimated seconds left (null while unknown). Ctrl-C or SIGTERM stops cleanly; a rerun
// resumes from the finished tasks.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include <torch/cuda.h>
#include <yaml-cpp/yaml.h>

#include "app/cli/commands.h"
#include "app/cli/device_option.h"
#include "core/eval/tasks/embed_tasks.h"
#include "core/common/sha256.h"
#include "app/cli/json_progress.h"
#include "app/cli/precision_option.h"
#include "core/audio/ambisonic_format.h"
#include "app/cli/progress_bar.h"
#include "app/cli/setting_options.h"
#include "app/cli/weights_argument.h"
#include "core/common/error.h"
#include "core/eval/benchmark/evaluate.h"
#include "core/eval/predict/param_grid.h"
#include "core/eval/tasks/hear_clip_embedder.h"
#include "core/eval/tasks/initial_weights_embedder.h"
#include "core/eval/tasks/logmel_clip_embedder.h"
#include "core/model/compute_threads.h"
#include "core/train/run_folder.h"

namespace gramt::cli {
namespace {

// "1,2,3" -> {1, 2, 3}.
std::vector<uint64_t> parse_seed_list(const std::string& text) {
  std::vector<uint64_t> seeds;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const size_t first = item.find_first_not_of(" \t");
    const size_t last = item.find_last_not_of(" \t");
    const std::string digits = first == std::string::npos ? "" : item.substr(first, last - first + 1);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 19) {
      throw Error("--seeds: '" + item + "' is not a whole number >= 0 (give a list like 1,2,3)");
    }
    seeds.push_back(std::stoull(digits));
  }
  if (seeds.empty()) throw Error("--seeds: no seed given (give a list like 1,2,3)");
  return seeds;
}

// The --progress json line of one evaluate event.
nlohmann::json progress_fields(const eval::benchmark::EvaluateProgress& p) {
  return {{"task", p.task}, {"eta", std::isfinite(p.eta) ? nlohmann::json(p.eta) : nlohmann::json(nullptr)}, {"what", p.what}};
}

// Settings start at their declared defaults (add_setting_option); inputs and outputs are empty.
struct EvaluateOptions {
  std::string config, weights, model_options_json, tasks_dir, embeddings_dir, model_tag, results, progress = "bar",
      shard = "0/1";
  std::string strategy, size, grid, device, kit, seeds, precision, foa_format = "ambix";
  std::vector<std::string> tasks;
  int layer = 0, threads = 0;
  uint64_t task_seed = 0;
  int64_t grid_points = 0, seed = 0, workers = 0, batch_clips = 0;
  std::string baseline;  // "", logmel or initial
  uint64_t init_seed = 0;
  bool with_baselines = false;  // the log-mel and initial-weights rows first, under the same protocol
  bool lenient = false, force = false;
  bool random_probe = false;
  std::string probe, knn_distance;
  std::string layers;  // --layers: "0,4,8,11" or "all"
  int64_t knn_k = 0;
};

// The config.yaml of the training run a checkpoint belongs to, or "" when there is none.
std::string run_config_of(const std::string& weights) {
  const auto run = train::RunFolder::of_checkpoint(weights);
  std::error_code ec;
  return run && std::filesystem::is_regular_file(run->config_path(), ec) ? run->config_path() : "";
}

// `seed:` of a run's resolved config; `fallback` when there is none.
uint64_t run_seed_of(const std::string& config_path, uint64_t fallback) {
  try {
    const YAML::Node seed = YAML::LoadFile(config_path)["seed"];
    return seed && seed.IsScalar() ? seed.as<uint64_t>() : fallback;
  } catch (const YAML::Exception& e) {
    throw Error(config_path + ": cannot read its seed for the initial-weights baseline (" + e.what() + ")");
  }
}

// The log-mel baseline's row: its tag, its protocol label and its one sample rate (checked once the
// tasks exist, since an empty tasks folder is filled by make-tasks first).
void make_logmel_row(eval::benchmark::EvaluateParams& params) {
  params.model_tag = eval::tasks::kLogMelBaselineTag;
  params.weights_path.clear();
  params.strategy = "baseline logmel";
  params.required_sample_rate = eval::tasks::LogMelBaselineOptions{}.sample_rate;
  params.required_rate_for = "the log-mel baseline";
}

std::string initial_weights_strategy(const std::string& strategy, uint64_t seed) {
  return strategy + " (initial weights, seed " + std::to_string(seed) + ")";
}

// --layers: "all" (0 to the depth) or a list of whole numbers, each named back in its error.
std::vector<int> parse_layer_list(const std::string& text, int depth) {
  std::vector<int> layers;
  if (text == "all") {
    for (int layer = 0; layer <= depth; ++layer) layers.push_back(layer);
    return layers;
  }
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (item.empty() || item.size() > 4 || item.find_first_not_of("0123456789") != std::string::npos)
      throw Error("--layers: '" + item + "' is not a layer number (give a list like 0,4,8,11, or all)");
    const int layer = std::stoi(item);
    if (layer > depth)
      throw Error("--layers: layer " + item + " is beyond the model's depth (" + std::to_string(depth) +
                  " encoder blocks: layers 0 to " + std::to_string(depth) + ")");
    if (std::find(layers.begin(), layers.end(), layer) != layers.end()) throw Error("--layers: layer " + item + " is listed twice");
    layers.push_back(layer);
  }
  if (layers.empty()) throw Error("--layers: no layer given (give a list like 0,4,8,11, or all)");
  return layers;
}

// The kNN probe's results file beside the MLP's, one per kNN setting, where the results matrix
// finds it (find_results_files looks three folders deep).
std::string knn_results_path(const EvaluateOptions& o, const std::string& model_tag) {
  return (std::filesystem::path(o.embeddings_dir) / model_tag / ("knn-k" + std::to_string(o.knn_k) + "-" + o.knn_distance) /
          "results.json")
      .string();
}

void run_evaluate(const EvaluateOptions& given, bool layer_given, bool seeds_given, bool init_seed_given, JsonProgress* json) {
  // hf:// weights become their file in the hub cache (downloaded first when missing); the rest of
  // the run sees a path, and results.json records that file and its SHA-256.
  EvaluateOptions o = given;
  hub::ResolvedWeights resolved;
  if (!o.weights.empty()) {
    resolved = resolve_weights_option(o.weights, json);
    o.weights = resolved.path;
  }
  model::use_compute_threads(o.threads);
  eval::tasks::HearModelOptions model_options;
  model_options.weights_path = o.weights;
  model_options.config_path = o.config;
  model_options.strategy = o.strategy;
  if (layer_given) model_options.layer = o.layer;
  eval::tasks::apply_kit_model_options(o.model_options_json, model_options);
  model_options.strict = !o.lenient;
  model_options.device = parse_device_option(o.device);
  model_options.precision = resolve_precision_option(o.precision, model_options.device.is_cpu());

  eval::benchmark::EvaluateParams params;
  params.tasks_dir = o.tasks_dir;
  params.task_names = o.tasks;
  params.embeddings_dir = o.embeddings_dir;
  // The model: weights, or a baseline (the log-mel features, or the architecture at initialisation).
  std::unique_ptr<eval::tasks::ClipEmbedder> embedder;
  std::string default_tag;
  if (o.baseline == "logmel") {
    if (!o.weights.empty() || !o.config.empty()) throw Error("--baseline logmel takes no --weights or --model-config");
    make_logmel_row(params);
    embedder = std::make_unique<eval::tasks::LogMelClipEmbedder>();
    default_tag = eval::tasks::kLogMelBaselineTag;
  } else if (o.baseline == "initial") {
    if (!o.weights.empty()) throw Error("--baseline initial builds the weights from --model-config and --init-seed; give no --weights");
    auto hear = eval::tasks::open_initial_weights(model_options, o.init_seed);
    default_tag = eval::tasks::initial_weights_tag(model_options, o.init_seed);
    embedder = std::move(hear);
  } else if (!o.baseline.empty()) {
    throw Error("--baseline: '" + o.baseline + "' is not logmel or initial");
  } else {
    if (o.weights.empty()) throw Error("give --weights, or --baseline logmel | initial");
    auto hear = eval::tasks::HearClipEmbedder::open(model_options);
    eval::tasks::HearModelOptions tag_options = model_options;
    tag_options.weights_path = weights_name_for_tags(resolved);
    default_tag = eval::tasks::default_model_tag(tag_options, hear->embedder().model()->config().patching.name);
    embedder = std::move(hear);
  }
  if (o.with_baselines && !o.baseline.empty()) throw Error("--with-baselines goes with --weights, not --baseline");
  if (o.with_baselines && o.random_probe) throw Error("--with-baselines: the random-probe control has no baseline rows");
  params.model_tag = o.model_tag.empty() ? default_tag : o.model_tag;
  params.weights_path = o.weights;
  if (!o.weights.empty() && o.baseline.empty())
    // The weights' hash is left to evaluate, which computes it once for results.json too.
    params.embedding_manifest = eval::tasks::embedding_manifest(model_options, resolved.sha256,
                                                                o.config.empty() ? "" : file_sha256_hex(o.config));
  if (o.baseline != "logmel")
    params.strategy = o.baseline == "initial" ? initial_weights_strategy(model_options.strategy, o.init_seed) : model_options.strategy;
  params.make_tasks_size = o.size;
  params.make_tasks_seed = o.task_seed;
  params.batch_clips = o.batch_clips;
  params.device_name = o.device;
  params.results_path = o.results;
  params.predict.grid = eval::predict::parse_grid_name(o.grid);
  params.predict.grid_points = o.grid_points;
  params.predict.seed = o.seed;
  params.seeds = seeds_given ? parse_seed_list(o.seeds) : std::vector<uint64_t>{static_cast<uint64_t>(o.seed)};
  if (seeds_given && params.seeds.size() == 1)
    print_log_line("note: --seeds " + o.seeds + " is one seed: scores have no spread (± std needs at least two, e.g. --seeds 1,2,3)");
  params.predict.kit = eval::predict::parse_kit_flavour(o.kit);
  params.predict.device = model_options.device;
  params.predict.probe = eval::predict::parse_probe_kind(o.probe);
  params.predict.knn_k = o.knn_k;
  params.predict.knn_distance = eval::predict::parse_knn_distance(o.knn_distance);
  if (layer_given) params.layer = o.layer;
  if (params.predict.probe == eval::predict::ProbeKind::knn) {
    if (o.random_probe) throw Error("--random-probe trains the MLP on shuffled targets; it does not go with --probe knn");
    if (seeds_given) throw Error("--probe knn draws nothing at random: give no --seeds");
    if (o.results.empty()) params.results_path = knn_results_path(o, params.model_tag);
  }
  params.predict.max_workers = o.workers;
  params.predict.skip_if_done = !o.force;
  params.restart_embeddings = o.force;
  std::tie(params.shard_index, params.shard_count) = eval::tasks::parse_shard(o.shard);
  params.foa_format = audio::parse_foa_format(o.foa_format, "--foa-format");
  if (o.random_probe) {
    // The control writes the kits' -random files and its own results file, and always predicts
    // anew: a finished real prediction must not be read back as the control's.
    if (seeds_given) throw Error("--random-probe runs once (with --seed); give no --seeds");
    params.predict.random_probe = true;
    params.predict.skip_if_done = false;
    if (o.results.empty()) {
      params.results_path = (std::filesystem::path(o.embeddings_dir) / params.model_tag / "results-random.json").string();
    }
  }
  params.log = print_log_line;
  params.predict.log = params.log;

  // One row of the results matrix. A baseline row (`row` non-empty) names itself in front of each
  // JSON stage and sends no final "done": only the model's row ends the run for a driving program.
  std::ostream& human = json ? std::cerr : std::cout;  // with --progress json, stdout is the JSON lines'
  const auto evaluate_row = [&](eval::tasks::ClipEmbedder& row_embedder, eval::benchmark::EvaluateParams row_params,
                                const std::string& row) {
    if (json) {
      row_params.on_stage_progress = [json, row](const eval::benchmark::EvaluateProgress& p) {
        if (p.stage == "done" && row.empty()) {
          nlohmann::json fields = progress_fields(p);
          fields["done"] = p.done;
          fields["total"] = p.total;
          json->finish(fields);
        } else {
          json->report(row.empty() ? p.stage : row + " " + p.stage, p.done, p.total, progress_fields(p));
        }
      };
    }
    eval::benchmark::EvaluationResults results;
    {
      CtrlCCancels stop_request(/*also_sigterm=*/true);
      ProgressBar bar(row.empty() ? "evaluate" : row);
      ProgressSink sink = json ? ProgressSink{} : bar.sink();
      sink.cancel = stop_request.flag_ptr();
      results = eval::benchmark::run_evaluation(row_embedder, row_params, sink);
    }
    if (!results.stopped_after_embedding.empty()) {
      human << results.stopped_after_embedding << std::endl;
      return results;
    }
    human << eval::benchmark::format_results_table(results) << "results: " << results.results_path << std::endl;
    return results;
  };

  const bool knn = params.predict.probe == eval::predict::ProbeKind::knn;
  if (!o.layers.empty()) {
    if (o.with_baselines) throw Error("--layers: the baselines have no layers to sweep; give no --with-baselines");
    if (embedder->encoder_depth() == 0) throw Error("--layers: the " + params.model_tag + " embedder has no encoder layers to sweep");
    params.layers = parse_layer_list(o.layers, embedder->encoder_depth());
    if (!o.results.empty()) throw Error("--layers writes one results.json per layer, in each layer's folder; give no --results");
    for (int layer : params.layers) {
      params.layer_model_tags.push_back(params.model_tag + "-layer=" + std::to_string(layer));
      params.layer_results_paths.push_back(knn ? knn_results_path(o, params.layer_model_tags.back()) : "");
    }
    std::vector<eval::benchmark::EvaluationResults> sweep;
    {
      CtrlCCancels stop_request(/*also_sigterm=*/true);
      ProgressBar bar("evaluate --layers");
      if (json) {
        params.on_stage_progress = [json](const eval::benchmark::EvaluateProgress& p) {
          nlohmann::json fields = progress_fields(p);
          if (p.stage == "done") {
            fields["done"] = p.done;
            fields["total"] = p.total;
            json->finish(fields);
          } else {
            json->report(p.stage, p.done, p.total, fields);
          }
        };
      }
      ProgressSink sink = json ? ProgressSink{} : bar.sink();
      sink.cancel = stop_request.flag_ptr();
      sweep = eval::benchmark::run_layer_sweep(*embedder, params, sink);
    }
    std::ostream& out = json ? std::cerr : std::cout;
    out << eval::benchmark::format_layer_sweep_table(sweep);
    size_t failures = 0;
    for (const auto& layer : sweep) failures += layer.failures();
    if (failures > 0) throw Error(std::to_string(failures) + " task-layer results failed (see above)");
    return;
  }
  if (o.with_baselines) {
    // The two reference rows under the model's protocol, in the same embeddings folder, so the
    // matrix shows them beside it. Finished work is kept: later models on these tasks reuse them.
    print_log_line("baseline 1/2: log-mel features (" + std::string(eval::tasks::kLogMelBaselineTag) + ")");
    eval::benchmark::EvaluateParams logmel = params;
    make_logmel_row(logmel);
    logmel.results_path = knn ? knn_results_path(o, logmel.model_tag) : "";
    eval::tasks::LogMelClipEmbedder logmel_embedder;
    const auto logmel_results = evaluate_row(logmel_embedder, logmel, logmel.model_tag);
    if (logmel_results.failures() > 0) print_log_line("note: the log-mel baseline failed on some tasks (see above)");

    eval::tasks::HearModelOptions initial_options = model_options;
    if (initial_options.config_path.empty()) initial_options.config_path = run_config_of(o.weights);
    if (initial_options.config_path.empty()) {
      print_log_line("note: no initial-weights baseline: " + o.weights +
                     " is not in a run's checkpoints folder; give --model-config (and --init-seed) for it");
    } else {
      const uint64_t seed = init_seed_given ? o.init_seed : run_seed_of(initial_options.config_path, o.init_seed);
      eval::benchmark::EvaluateParams initial = params;
      initial.model_tag = eval::tasks::initial_weights_tag(initial_options, seed);
      initial.weights_path.clear();
      initial.strategy = initial_weights_strategy(initial_options.strategy, seed);
      initial.results_path = knn ? knn_results_path(o, initial.model_tag) : "";
      print_log_line("baseline 2/2: " + initial_options.config_path + " at initialisation, seed " + std::to_string(seed) +
                     " (" + initial.model_tag + ")");
      auto initial_embedder = eval::tasks::open_initial_weights(initial_options, seed);
      const auto initial_results = evaluate_row(*initial_embedder, initial, initial.model_tag);
      if (initial_results.failures() > 0) print_log_line("note: the initial-weights baseline failed on some tasks (see above)");
    }
  }

  const auto results = evaluate_row(*embedder, params, "");
  if (results.failures() > 0)
    throw Error(std::to_string(results.failures()) + " of " + std::to_string(results.file.tasks.size()) + " tasks failed");
}

}  // namespace

void add_evaluate_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "evaluate", "Benchmark a model: make-tasks (if needed), embed-tasks, predict; prints a results table");
  auto o = std::make_shared<EvaluateOptions>();
  using eval::settings::kEvaluate;
  cmd->add_option("--model-config", o->config, "model config YAML (default: from the weights file)");
  cmd->add_option("--weights", o->weights, "weights: safetensors, a PyTorch / Lightning .ckpt or hf://org/name[@revision] (or give --baseline)");
  cmd->add_option("--baseline", o->baseline,
                  "instead of weights: logmel (per-channel mean and std of the log-mel bands, 32 kHz tasks) or initial "
                  "(the --model-config architecture at the initial weights of a training run with --init-seed)");
  auto* init_seed = add_setting_option(*cmd, kEvaluate, "init-seed", o->init_seed);
  add_setting_option(*cmd, kEvaluate, "with-baselines", o->with_baselines);
  cmd->add_option("--model-options", o->model_options_json,
                  "the kits' JSON object, e.g. '{\"strategy\": \"raw\", \"use_mwmae_decoder\": \"true\", \"in_channels\": 2}': "
                  "overrides --strategy/--layer and names the folder hear_configs.GRAMT[Time]-strategy=raw-...");
  add_setting_option(*cmd, kEvaluate, "strategy", o->strategy);
  auto* layer = add_setting_option(*cmd, kEvaluate, "layer", o->layer);
  cmd->add_option("--tasks-dir", o->tasks_dir, "folder of HEAR task folders (built with make-tasks when empty)")
      ->required();
  cmd->add_option("--task", o->tasks, "task folder name (repeatable; default: every task folder)");
  cmd->add_option("--embeddings-dir", o->embeddings_dir, "embeddings root")->required();
  cmd->add_option("--model-tag", o->model_tag, "embeddings folder name (default: <weights stem>-strategy=<s>...)");
  cmd->add_option("--results", o->results, "results JSON (default: <embeddings-dir>/<model-tag>/results.json)");
  add_setting_option(*cmd, kEvaluate, "size", o->size);
  add_setting_option(*cmd, kEvaluate, "task-seed", o->task_seed);
  add_setting_option(*cmd, kEvaluate, "grid", o->grid);
  add_setting_option(*cmd, kEvaluate, "grid-points", o->grid_points);
  auto* seed = add_setting_option(*cmd, kEvaluate, "seed", o->seed);
  auto* seeds = add_setting_option(*cmd, kEvaluate, "seeds", o->seeds);
  seeds->excludes(seed);
  add_progress_option(*cmd, o->progress);
  add_setting_option(*cmd, kEvaluate, "kit", o->kit);
  add_setting_option(*cmd, kEvaluate, "workers", o->workers);
  add_setting_option(*cmd, kEvaluate, "batch-clips", o->batch_clips);
  add_setting_option(*cmd, kEvaluate, "threads", o->threads);
  add_setting_option(*cmd, kEvaluate, "precision", o->precision);
  add_setting_option(*cmd, kEvaluate, "foa-format", o->foa_format);
  add_setting_option(*cmd, kEvaluate, "shard", o->shard);
  add_setting_option(*cmd, kEvaluate, "device", o->device);
  add_setting_option(*cmd, kEvaluate, "force", o->force);
  add_setting_option(*cmd, kEvaluate, "random-probe", o->random_probe);
  add_setting_option(*cmd, kEvaluate, "probe", o->probe);
  add_setting_option(*cmd, kEvaluate, "knn-k", o->knn_k);
  add_setting_option(*cmd, kEvaluate, "knn-distance", o->knn_distance);
  auto* layers = add_setting_option(*cmd, kEvaluate, "layers", o->layers);
  layers->excludes(layer);
  add_setting_option(*cmd, kEvaluate, "no-strict", o->lenient);
  add_schema_flag(*cmd, kEvaluate);
  cmd->callback([o, layer, seeds, init_seed] {
    // Taken first, so nothing printed on the way (libraries included) reaches stdout.
    std::unique_ptr<JsonProgress> json;
    if (o->progress == "json") json = std::make_unique<JsonProgress>(0.0);  // the core paces its events
    else if (o->progress != "bar") throw Error("--progress: '" + o->progress + "' is not bar or json");
    reporting_errors_to(json.get(), [&] {
      run_evaluate(*o, layer->count() > 0, seeds->count() > 0, init_seed->count() > 0, json.get());
    });
  });
}

}  // namespace gramt::cli

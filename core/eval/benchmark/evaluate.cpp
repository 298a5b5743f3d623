#include "core/eval/benchmark/evaluate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

#include "core/common/error.h"
#include "core/common/file_lock.h"
#include "core/io/json_file.h"
#include "core/eval/benchmark/class_coverage.h"
#include "core/eval/format/python_json.h"
#include "core/eval/benchmark/score_normalisation.h"
#include "core/eval/benchmark/seed_scores_path.h"
#include "core/eval/benchmark/sha256.h"
#include "core/eval/benchmark/tasks_version.h"
#include "core/eval/predict/grid_search_record.h"
#include "core/eval/predict/param_grid.h"
#include "core/eval/predict/predicted_scores_file.h"
#include "core/eval/taskmaker/make_tasks.h"
#include "core/eval/tasks/embed_tasks.h"
#include "core/eval/tasks/logmel_clip_embedder.h"
#include "core/eval/tasks/task_folder.h"

namespace gramt::eval::benchmark {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

void say(const EvaluateParams& params, const std::string& line) {
  if (params.log) params.log(line);
}

bool has_task_folders(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  return !tasks::list_task_folders(dir).empty();
}

// The kits' files may hold Infinity or NaN (an infinite d', say): read as null.
Json read_json(const std::string& path) {
  return io::parse_ordered_json_text(format::python_json_nonfinite_as_null(io::read_text_file(path, "file")), path);
}

std::string number_text(double v, int decimals) {
  if (std::isnan(v)) return "-";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

Json number_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

std::string join(const std::string& dir, const std::string& name) { return (fs::path(dir) / name).string(); }

std::string absolute_path(const std::string& path) {
  std::error_code ec;
  const fs::path p = fs::absolute(path, ec);
  return ec ? path : p.lexically_normal().string();
}

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::vector<uint64_t> checked_seeds(const EvaluateParams& params) {
  if (params.seeds.empty()) {
    if (params.predict.seed < 0) throw Error("seed " + std::to_string(params.predict.seed) + ": seeds must be whole numbers >= 0");
    return {static_cast<uint64_t>(params.predict.seed)};
  }
  std::set<uint64_t> seen;
  for (uint64_t seed : params.seeds) {
    if (seed > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      throw Error("seed " + std::to_string(seed) + " is too large (at most " +
                  std::to_string(std::numeric_limits<int64_t>::max()) + ")");
    }
    // The same seed twice would give identical runs and a standard deviation that means nothing.
    if (!seen.insert(seed).second) throw Error("seed " + std::to_string(seed) + " is listed twice");
  }
  return params.seeds;
}

// Why a stored scores file does not belong to this protocol ("" when it does). Files without our
// grid_search record (the Python kits') cannot tell, and are trusted as before.
std::string protocol_mismatch(const Json& scores, const predict::PredictParams& p, int64_t grid_points) {
  if (p.probe == predict::ProbeKind::knn) {
    const Json& h = scores.contains("hparams") ? scores["hparams"] : Json();
    const bool same = h.is_object() && h.value("k", int64_t{-1}) == p.knn_k &&
                      h.value("distance", std::string()) == predict::knn_distance_string(p.knn_distance);
    return same ? "" : "other kNN settings than k " + std::to_string(p.knn_k) + ", " + predict::knn_distance_string(p.knn_distance);
  }
  const auto stored = predict::read_grid_search_record(scores);
  if (!stored) return "";
  return predict::mismatch(*stored, {predict::grid_name_string(p.grid), predict::kit_flavour_string(p.kit), grid_points, p.seed});
}

// One seed's prediction of one task, run or read back; returns the kit's scores JSON and sets
// `scores_path`. The first seed writes the kits' files in their standard place in the task folder;
// later seeds only write their scores under seeds/ (seed_scores_path.h) so they overwrite nothing.
Json scores_for_seed(const std::string& task_dir, const tasks::TaskFolder& task, const predict::PredictParams& p,
                     bool first_seed, std::optional<predict::PreparedTask>& prepared, const EvaluateParams& params,
                     const ProgressSink& stage, std::string& scores_path) {
  const bool localization = !p.localization.empty();
  const auto grid_points = static_cast<int64_t>(predict::choose_task_grid(task.metadata, p).size());
  scores_path = first_seed ? join(task_dir, predict::predicted_scores_filename(localization, false, p.probe))
                           : seed_scores_path(task_dir, static_cast<uint64_t>(p.seed), localization);
  const bool finished = first_seed ? fs::exists(join(task_dir, predict::prediction_done_filename(localization, false, p.probe))) &&
                                         fs::exists(scores_path)
                                   : fs::exists(scores_path);
  if (p.skip_if_done && finished) {
    const Json stored = read_json(scores_path);
    const std::string mismatch = protocol_mismatch(stored, p, grid_points);
    if (mismatch.empty()) return stored;  // resume: a finished prediction is read back, not retrained
    say(params, task.name + ": " + scores_path + " was made with " + mismatch + "; predicting again");
  }
  if (first_seed) {
    predict::PredictParams run = p;
    run.skip_if_done = false;  // decided above, with the protocol check
    return predict::predict_task(task_dir, run, stage).scores;
  }
  if (!prepared) prepared.emplace(predict::load_prepared_task(task_dir, p));
  const predict::TaskPredictionResult result = predict::run_prepared_task(*prepared, p, stage);
  std::error_code ec;
  fs::create_directories(seed_scores_folder(task_dir), ec);
  if (ec) throw Error(seed_scores_folder(task_dir) + ": cannot create (" + ec.message() + ")");
  predict::write_kit_json_file(scores_path, result.scores);
  return result.scores;
}

// Which of `names` an embedding progress text ("<task> <split>") is about; -1 for none.
int64_t task_index_in(const std::string& what, const std::vector<std::string>& names) {
  int64_t best = -1;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& n = names[i];
    if (what.size() > n.size() && what.compare(0, n.size(), n) == 0 && what[n.size()] == ' ' &&
        (best < 0 || n.size() > names[static_cast<size_t>(best)].size())) {
      best = static_cast<int64_t>(i);
    }
  }
  return best;
}

}  // namespace

std::string probe_protocol_text(const predict::PredictParams& p) {
  if (p.probe != predict::ProbeKind::knn) return kMlpProbe;
  return "knn k=" + std::to_string(p.knn_k) + " " + predict::knn_distance_string(p.knn_distance);
}

namespace {

ScoreProtocol make_protocol(const EvaluateParams& params, const std::vector<uint64_t>& seeds,
                            const std::vector<std::string>& task_names, const std::string& date) {
  ScoreProtocol p;
  if (!params.weights_path.empty()) {
    p.weights_path = absolute_path(params.weights_path);
    p.weights_sha256 = file_sha256_hex(params.weights_path);
  }
  p.model_tag = params.model_tag;
  p.strategy = params.strategy;
  p.grid = predict::grid_name_string(params.predict.grid);
  p.grid_points = params.predict.grid_points;
  p.probe = probe_protocol_text(params.predict);
  p.layer = params.layer;
  p.seeds = seeds;
  p.kit = predict::kit_flavour_string(params.predict.kit);
  p.tasks_dir = absolute_path(params.tasks_dir);
  p.tasks_version = tasks_version(params.tasks_dir, task_names);
  p.date = date;
  return p;
}

}  // namespace

size_t EvaluationResults::failures() const {
  size_t n = 0;
  for (const TaskScore& t : file.tasks) n += t.status != "ok";
  return n;
}

double test_score_from_kit_json(const Json& scores, const std::string& score) {
  const auto value_at = [](const Json& object, const std::string& key) {
    if (!object.is_object() || !object.contains(key)) return std::nan("");
    const Json& v = object[key];
    return v.is_number() ? v.get<double>() : std::nan("");
  };
  if (scores.contains("aggregated_scores")) return value_at(scores["aggregated_scores"], "test_" + score + "_mean");
  if (scores.contains("test")) return value_at(scores["test"], "test_" + score);
  return std::nan("");
}

namespace {

// Stage 3 for one model folder: every embedded task predicted once per seed, results.json
// written. `results` holds the protocol; the stage's progress runs over [from, to] of the run.
void predict_embedded_tasks(const std::vector<tasks::TaskEmbedOutcome>& embedded, const EvaluateParams& params,
                            const std::vector<uint64_t>& seeds, EvaluationResults& results, EvaluateProgressTracker& tracker,
                            const ProgressSink& progress, double from, double to, const std::string& stage_name) {
  const size_t count = embedded.size();
  const size_t seed_count = seeds.size();
  tracker.begin_stage(stage_name, static_cast<int64_t>(count));
  for (size_t i = 0; i < count; ++i) {
    const tasks::TaskEmbedOutcome& e = embedded[i];
    TaskScore r;
    r.task = e.task;
    r.task_dir = e.output_dir;
    if (e.status == tasks::TaskEmbedStatus::failed) {
      r.status = "embedding failed";
      r.error = e.error;
      results.file.tasks.push_back(std::move(r));
      continue;
    }
    try {
      const tasks::TaskFolder task = tasks::read_task_folder((fs::path(params.tasks_dir) / e.task).string());
      const std::string coverage = class_coverage_problem(task);
      if (!coverage.empty()) throw Error(coverage);
      r.primary_score = task.metadata.evaluation.front();
      r.lower_is_better = score_lower_is_better(r.primary_score);
      predict::PredictParams p = params.predict;
      // The kits run scene localization through --localization <type>.
      if (task.metadata.is_localization()) p.localization = task.metadata.prediction_type_text;
      std::optional<predict::PreparedTask> prepared;  // loaded once for the seeds after the first
      std::vector<std::string> failures;
      bool have_scores = false;
      for (size_t s = 0; s < seed_count; ++s) {
        p.seed = static_cast<int64_t>(seeds[s]);
        const std::string seed_text = seed_count > 1 ? " seed " + std::to_string(s + 1) + "/" + std::to_string(seed_count) : "";
        ProgressSink stage;
        stage.cancel = progress.cancel;
        stage.on_progress = [&, s](double f, const std::string& what) {
          const double within = (static_cast<double>(s) + f) / static_cast<double>(seed_count);
          progress.report(from + (to - from) * (static_cast<double>(i) + within) / static_cast<double>(count),
                          e.task + seed_text + " " + what);
          tracker.update(e.task, static_cast<int64_t>(i), (static_cast<double>(i) + within) / static_cast<double>(count),
                         e.task + seed_text + ": " + what);
        };
        try {
          std::string scores_path;
          const Json scores = scores_for_seed(e.output_dir, task, p, s == 0, prepared, params, stage, scores_path);
          r.values.push_back(test_score_from_kit_json(scores, r.primary_score));
          if (!have_scores) {
            // Every score of the task, and the direction, from the first seed that ran.
            for (const std::string& name : task.metadata.evaluation)
              r.test_scores[name] = number_or_null(test_score_from_kit_json(scores, name));
            if (scores.contains("score_mode") && scores["score_mode"].is_string())
              r.lower_is_better = scores["score_mode"].get<std::string>() == "min";
            r.scores_path = scores_path;
            have_scores = true;
          }
          say(params, e.task + seed_text + ": " + r.primary_score + " " + number_text(r.values.back(), 4));
        } catch (const Cancelled&) {
          throw;
        } catch (const std::exception& ex) {
          r.values.push_back(NAN);
          failures.push_back("seed " + std::to_string(seeds[s]) + ": " + ex.what());
          say(params, e.task + seed_text + ": prediction failed: " + ex.what());
        }
      }
      summarise_seed_values(r);
      const auto scale = naive_score_scale(r.primary_score, task);
      if (scale) {
        r.naive = scale->naive;
        r.normalised = normalised_score(r.mean, *scale);
        for (double v : r.values) r.normalised_values.push_back(normalised_score(v, *scale));
      }
      if (failures.empty()) {
        r.status = "ok";
      } else {
        r.status = failures.size() == seed_count ? "prediction failed"
                                                 : "prediction failed for " + std::to_string(failures.size()) + " of " +
                                                       std::to_string(seed_count) + " seeds";
        for (const std::string& f : failures) r.error += (r.error.empty() ? "" : "; ") + f;
      }
    } catch (const Cancelled&) {
      throw;
    } catch (const std::exception& ex) {
      r.status = "prediction failed";
      r.error = ex.what();
      say(params, e.task + ": prediction failed: " + r.error);
    }
    results.file.tasks.push_back(std::move(r));
    tracker.update(e.task, static_cast<int64_t>(i + 1), static_cast<double>(i + 1) / static_cast<double>(count),
                   e.task + " done");
  }

  results.mean_normalised = normalised_mean(results.file.tasks);
  results.results_path = params.results_path.empty()
                             ? (fs::path(params.embeddings_dir) / params.model_tag / "results.json").string()
                             : params.results_path;
  write_results_file(results.file, results.results_path);
  results.file.path = results.results_path;
}



// Stage 1: the tasks, built when there are none; returns the task names to evaluate.
std::vector<std::string> prepare_tasks(const EvaluateParams& params, EvaluateProgressTracker& tracker,
                                       const ProgressSink& progress) {
  // 1. Tasks: built when there are none.
  if (!has_task_folders(params.tasks_dir)) {
    say(params, params.tasks_dir + ": no task folders; building the mini benchmark (make-tasks --size " +
                    params.make_tasks_size + ")");
    taskmaker::MakeTasksParams make;
    make.out_dir = params.tasks_dir;
    make.seed = params.make_tasks_seed;
    make.size = params.make_tasks_size;
    make.log = params.log;
    const auto recipes = static_cast<int64_t>(taskmaker::task_recipe_names().size());
    tracker.begin_stage("make-tasks", recipes);
    ProgressSink stage;
    stage.cancel = progress.cancel;
    stage.on_progress = [&](double f, const std::string& what) {
      progress.report(0.2 * f, "make-tasks " + what);
      const auto done = std::min<int64_t>(recipes, static_cast<int64_t>(std::floor(f * static_cast<double>(recipes) + 1e-9)));
      tracker.update(what == "done" ? "" : what, done, f, "make-tasks " + what);
    };
    taskmaker::make_tasks(make, stage);
  }
  const std::vector<std::string> names =
      params.task_names.empty() ? tasks::list_task_folders(params.tasks_dir) : params.task_names;
  if (params.required_sample_rate > 0)
    tasks::require_tasks_at_rate(params.tasks_dir, names, params.required_sample_rate, params.required_rate_for);

  return names;
}

// Stage 2's parameters, shared by a single-layer run and a sweep.
tasks::EmbedTasksParams embed_params(const EvaluateParams& params, const std::vector<std::string>& names,
                                     const ScoreProtocol& protocol) {
  tasks::EmbedTasksParams embed;
  embed.tasks_dir = params.tasks_dir;
  embed.task_names = names;
  embed.embeddings_dir = params.embeddings_dir;
  embed.model_tag = params.model_tag;
  embed.batch_clips = params.batch_clips;
  embed.device_name = params.device_name;
  embed.manifest = params.embedding_manifest;
  if (embed.manifest.is_object() && embed.manifest.value("weights_sha256", std::string()).empty() && !params.weights_path.empty())
    embed.manifest["weights_sha256"] = protocol.weights_sha256;
  embed.force = params.restart_embeddings;
  embed.shard_index = params.shard_index;
  embed.shard_count = params.shard_count;
  embed.foa_format = params.foa_format;
  if (embed.manifest.is_null() && !params.weights_path.empty())
    embed.manifest = nlohmann::ordered_json{{"weights_sha256", protocol.weights_sha256}, {"strategy", params.strategy}};
  embed.log = params.log;
  return embed;
}

// Stage 2's progress: [0.2, 0.5] of the run, and the tracker's task events.
ProgressSink embed_stage_sink(const std::vector<std::string>& names, EvaluateProgressTracker& tracker,
                              const ProgressSink& progress) {
  ProgressSink embed_stage;
  embed_stage.cancel = progress.cancel;
  embed_stage.on_progress = [&names, &tracker, &progress](double f, const std::string& what) {
    progress.report(0.2 + 0.3 * f, what);
    const int64_t index = task_index_in(what, names);
    if (what == "done") {
      tracker.update("", static_cast<int64_t>(names.size()), 1.0, "embedded");
    } else if (index >= 0) {
      tracker.update(names[static_cast<size_t>(index)], index, f, "embedding " + what);
    }
  };
  return embed_stage;
}

}  // namespace

EvaluationResults run_evaluation(tasks::ClipEmbedder& embedder, const EvaluateParams& params,
                                 const ProgressSink& progress) {
  if (!params.layers.empty()) throw Error("a layer sweep runs through run_layer_sweep");  // a programming error
  const std::string date = utc_now_iso8601();
  const std::vector<uint64_t> seeds = checked_seeds(params);
  if (params.predict.probe == predict::ProbeKind::knn && seeds.size() > 1)
    throw Error("--probe knn draws nothing at random: every seed gives the same scores; give one --seed, not --seeds");
  EvaluateProgressTracker tracker(params.on_stage_progress);
  const std::vector<std::string> names = prepare_tasks(params, tracker, progress);

  // The protocol before any model time: a weights file that cannot be hashed stops the run now.
  EvaluationResults results;
  results.file.model_tag = params.model_tag;
  results.file.protocol = make_protocol(params, seeds, names, date);

  // 2. Embeddings.
  const tasks::EmbedTasksParams embed = embed_params(params, names, results.file.protocol);
  tracker.begin_stage("embed", static_cast<int64_t>(names.size()));
  const tasks::EmbedTasksSummary embedded = tasks::embed_tasks(embedder, embed, embed_stage_sink(names, tracker, progress));

  // Sharded: only the process that finds every task embedded goes on, and only one of them.
  std::optional<FileLock> predicting;
  if (params.shard_count > 1) {
    const size_t waiting = embedded.count(tasks::TaskEmbedStatus::shard_done);
    std::string holder;
    if (waiting > 0) {
      results.stopped_after_embedding = "shard " + std::to_string(params.shard_index) + "/" +
                                        std::to_string(params.shard_count) + " embedded; " + std::to_string(waiting) +
                                        " task(s) wait for other shards, and the shard that completes them predicts";
    } else {
      const std::string lock = (fs::path(params.embeddings_dir) / params.model_tag / ".evaluate-predict.lock").string();
      predicting = FileLock::try_acquire(lock, &holder);
      if (!predicting)
        results.stopped_after_embedding = "every task is embedded; " + holder + " predicts them";
    }
    if (!results.stopped_after_embedding.empty()) {
      say(params, results.stopped_after_embedding);
      progress.report(1.0, "done");
      tracker.finish(0, results.stopped_after_embedding);
      return results;
    }
  }

  // 3. Predictions, one task at a time, each once per seed.
  predict_embedded_tasks(embedded.tasks, params, seeds, results, tracker, progress, 0.5, 1.0, "predict");
  progress.report(1.0, "done");
  tracker.finish(static_cast<int64_t>(embedded.tasks.size()), "results: " + results.results_path);
  return results;
}

std::vector<EvaluationResults> run_layer_sweep(tasks::ClipEmbedder& embedder, const EvaluateParams& params,
                                               const ProgressSink& progress) {
  if (params.layers.empty() || params.layers.size() != params.layer_model_tags.size())
    throw Error("a layer sweep needs one model tag per layer");  // a programming error
  if (params.shard_count > 1) throw Error("--layers embeds in one process: give no --shard");
  const int depth = embedder.encoder_depth();
  for (int layer : params.layers)
    if (layer < 0 || layer > depth)
      throw Error("--layers: layer " + std::to_string(layer) + " is beyond the model's depth (" + std::to_string(depth) +
                  " encoder blocks: layers 0 to " + std::to_string(depth) + ")");
  const std::string date = utc_now_iso8601();
  const std::vector<uint64_t> seeds = checked_seeds(params);
  if (params.predict.probe == predict::ProbeKind::knn && seeds.size() > 1)
    throw Error("--probe knn draws nothing at random: every seed gives the same scores; give one --seed, not --seeds");
  EvaluateProgressTracker tracker(params.on_stage_progress);
  const std::vector<std::string> names = prepare_tasks(params, tracker, progress);
  // The weights are hashed once; each layer's protocol differs in its tag and layer only.
  const ScoreProtocol protocol = make_protocol(params, seeds, names, date);

  // 2. Embeddings: every layer from one forward pass per batch.
  tasks::EmbedTasksParams embed = embed_params(params, names, protocol);
  embed.layers = params.layers;
  embed.layer_model_tags = params.layer_model_tags;
  tracker.begin_stage("embed", static_cast<int64_t>(names.size()));
  const tasks::EmbedTasksSummary embedded = tasks::embed_tasks(embedder, embed, embed_stage_sink(names, tracker, progress));

  // 3. Predictions per layer, each into its own model folder's results.json.
  std::vector<EvaluationResults> all;
  const size_t layers = params.layers.size();
  for (size_t l = 0; l < layers; ++l) {
    EvaluateParams layer_params = params;
    layer_params.model_tag = params.layer_model_tags[l];
    layer_params.layer = params.layers[l];
    layer_params.results_path = l < params.layer_results_paths.size() ? params.layer_results_paths[l] : "";
    std::vector<tasks::TaskEmbedOutcome> outcomes = embedded.tasks;
    for (tasks::TaskEmbedOutcome& e : outcomes) {
      tasks::EmbedTasksParams tagged = embed;
      tagged.model_tag = layer_params.model_tag;
      e.output_dir = tasks::task_output_dir(tagged, e.task);
    }
    EvaluationResults results;
    results.file.model_tag = layer_params.model_tag;
    results.file.protocol = protocol;
    results.file.protocol.model_tag = layer_params.model_tag;
    results.file.protocol.layer = params.layers[l];
    say(params, "layer " + std::to_string(params.layers[l]) + " (" + std::to_string(l + 1) + "/" + std::to_string(layers) +
                    "): predicting " + std::to_string(outcomes.size()) + " tasks");
    const double from = 0.5 + 0.5 * static_cast<double>(l) / static_cast<double>(layers);
    const double to = 0.5 + 0.5 * static_cast<double>(l + 1) / static_cast<double>(layers);
    predict_embedded_tasks(outcomes, layer_params, seeds, results, tracker, progress, from, to,
                           "predict layer " + std::to_string(params.layers[l]));
    all.push_back(std::move(results));
  }
  progress.report(1.0, "done");
  tracker.finish(static_cast<int64_t>(names.size()), "results: " + std::to_string(layers) + " layers");
  return all;
}

std::string format_results_table(const EvaluationResults& results) {
  size_t task_width = 4, score_width = 5;
  for (const TaskScore& r : results.file.tasks) {
    task_width = std::max(task_width, r.task.size());
    score_width = std::max(score_width, r.primary_score.size());
  }
  const bool several_seeds = results.file.protocol.seeds.size() > 1;
  std::ostringstream out;
  char line[512];
  std::snprintf(line, sizeof line, "%-*s  %-*s  %*s  %9s  %10s\n", static_cast<int>(task_width), "task",
                static_cast<int>(score_width), "score", several_seeds ? 18 : 9, several_seeds ? "test (mean ± std)" : "test",
                "naive", "s(m) %");
  out << line;
  for (const TaskScore& r : results.file.tasks) {
    if (r.status != "ok" && !std::isfinite(r.mean)) {
      std::snprintf(line, sizeof line, "%-*s  %s: %s\n", static_cast<int>(task_width), r.task.c_str(), r.status.c_str(),
                    r.error.substr(0, 200).c_str());
    } else {
      std::string value = number_text(r.mean, 4);
      if (several_seeds) value += " ± " + number_text(r.std, 4);
      if (r.status != "ok") value += " (" + r.status + ")";
      std::snprintf(line, sizeof line, "%-*s  %-*s  %*s  %9s  %10s\n", static_cast<int>(task_width), r.task.c_str(),
                    static_cast<int>(score_width), r.primary_score.c_str(), several_seeds ? 18 : 9, value.c_str(),
                    number_text(r.naive, 4).c_str(), number_text(r.normalised, 1).c_str());
    }
    out << line;
  }
  const std::string spread = std::isfinite(results.mean_normalised.std)
                                 ? " ± " + number_text(results.mean_normalised.std, 1) + " (std of s(m) over " +
                                       std::to_string(results.mean_normalised.per_seed.size()) + " seeds)"
                                 : "";
  std::snprintf(line, sizeof line, "mean s(m) over %s: %s%s%s\n", results.file.model_tag.c_str(),
                number_text(results.mean_normalised.mean, 1).c_str(), spread.c_str(),
                results.mean_normalised.complete ? "" : " (incomplete: a task failed)");
  out << line;
  return out.str();
}

std::string format_layer_sweep_table(const std::vector<EvaluationResults>& layers) {
  std::ostringstream out;
  if (layers.empty()) return "";
  size_t task_width = 4;
  std::vector<std::string> tasks;
  for (const EvaluationResults& l : layers)
    for (const TaskScore& t : l.file.tasks) {
      if (std::find(tasks.begin(), tasks.end(), t.task) == tasks.end()) tasks.push_back(t.task);
      task_width = std::max(task_width, t.task.size());
    }
  char cell[64];
  out << std::string(task_width, ' ').replace(0, 4, "task");
  for (const EvaluationResults& l : layers) {
    std::snprintf(cell, sizeof cell, "  %9s", ("layer " + std::to_string(l.file.protocol.layer)).c_str());
    out << cell;
  }
  out << "\n";
  for (const std::string& task : tasks) {
    // The best layer by the task's own direction.
    int best = -1;
    double best_value = NAN;
    std::vector<const TaskScore*> row;
    for (const EvaluationResults& l : layers) {
      const TaskScore* found = nullptr;
      for (const TaskScore& t : l.file.tasks)
        if (t.task == task) found = &t;
      row.push_back(found);
      if (found && std::isfinite(found->mean) &&
          (best < 0 || (found->lower_is_better ? found->mean < best_value : found->mean > best_value))) {
        best = static_cast<int>(row.size()) - 1;
        best_value = found->mean;
      }
    }
    out << task << std::string(task_width - task.size(), ' ');
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string value = !row[i] ? "-" : std::isfinite(row[i]->mean) ? number_text(row[i]->mean, 4) : "failed";
      std::snprintf(cell, sizeof cell, "  %8s%s", value.c_str(), static_cast<int>(i) == best ? "*" : " ");
      out << cell;
    }
    out << "\n";
  }
  out << "* best layer of the task\n";
  for (const EvaluationResults& l : layers)
    out << "layer " << l.file.protocol.layer << ": " << l.results_path << "\n";
  return out.str();
}

}  // namespace gramt::eval::benchmark

#include "core/eval/predict/task_prediction.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/eval/format/task_metadata.h"
#include "core/eval/format/embeddings_folder_layout.h"
#include "core/io/json_file.h"
#include "core/eval/format/clip_metadata.h"
#include "core/eval/predict/fold_predictions_pickle.h"
#include "core/eval/predict/fold_splits.h"
#include "core/eval/predict/grid_point_training.h"
#include "core/eval/predict/grid_search_record.h"
#include "core/eval/predict/knn_probe.h"
#include "core/eval/predict/localization_predictions.h"
#include "core/eval/predict/predicted_scores_file.h"
#include "core/eval/predict/scene_row_files.h"
#include "core/eval/predict/split_embeddings.h"
#include "core/io/npy.h"

namespace gramt::eval::predict {

namespace fs = std::filesystem;

namespace {

std::string join(const std::string& dir, const std::string& name) { return (fs::path(dir) / name).string(); }

uint64_t mix_seed(uint64_t x) {  // splitmix64 finaliser: nearby inputs give unrelated seeds
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Every training gets its own seed from (run seed, fold, grid point), so results do not depend
// on which worker runs it or when.
uint64_t training_seed(int64_t seed, size_t fold, size_t grid_point) {
  return mix_seed(mix_seed(mix_seed(static_cast<uint64_t>(seed)) + fold) + grid_point);
}

// Epoch-granular progress over all trainings of a task, from several workers.
class TaskProgress {
 public:
  TaskProgress(const ProgressSink& sink, int64_t total_epochs) : sink_(sink), total_(std::max<int64_t>(1, total_epochs)) {}
  void epoch_done(const std::string& what) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++done_;
    sink_.report(std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_)), what);
  }
  void training_done(int64_t unused_epochs) {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ += unused_epochs;  // early stopping skips the rest of the planned epochs
  }

 private:
  const ProgressSink& sink_;
  int64_t total_;
  int64_t done_ = 0;
  std::mutex mutex_;
};

// The hyper-parameters that vary across the kits' grids, for log lines.
std::string describe_conf(const GridConf& conf) {
  std::string out;
  for (const char* key : {"hidden_layers", "hidden_dim", "lr", "initialization", "patience", "max_epochs",
                          "check_val_every_n_epoch"}) {
    auto it = conf.find(key);
    if (it == conf.end()) continue;
    out += (out.empty() ? "" : " ") + std::string(key) + "=" +
           (it->second.is_string() ? it->second.get<std::string>() : it->second.dump());
  }
  return "(" + out + ")";
}

std::string describe_outcome(const GridPointOutcome& outcome) {
  char text[160];
  std::snprintf(text, sizeof(text), "validation %.6g at epoch %lld, %lld epochs, %.2f min", outcome.validation_score,
                static_cast<long long>(outcome.best_epoch), static_cast<long long>(outcome.epochs_trained),
                outcome.time_in_min);
  return text;
}

// "clip 'a.wav' (row 3 of split valid)"; scene rows are named from the per-file embeddings, only
// when a message needs them.
std::string describe_row(const PreparedTask& task, const PreparedSplit& split, int64_t row) {
  const std::string position = "(row " + std::to_string(row) + " of split " + split.name + ")";
  if (!split.row_files.empty()) {
    char at[64];
    std::snprintf(at, sizeof(at), " at %.6g ms ", split.timestamps[row].item<double>());
    return "clip '" + split.row_files[static_cast<size_t>(row)] + "'" + at + position;
  }
  try {
    const std::vector<std::string> files = scene_row_files(task.embedding_path, split.name, split.embeddings);
    return "clip '" + files.at(static_cast<size_t>(row)) + "' " + position;
  } catch (const Error&) {
    return "an unnamed clip " + position + " (no per-file embeddings to name it)";
  }
}

}  // namespace

std::vector<GridConf> choose_task_grid(const format::TaskMetadata& metadata, const PredictParams& params) {
  ParamGrid grid = builtin_param_grid(params.grid, params.kit);
  apply_task_overrides(grid, metadata.task_name, metadata.task_specific_param_grid, params.kit, metadata.source);
  return choose_grid_points(enumerate_param_grid(grid), params.grid_points, params.seed);
}

EvaluationSplit evaluation_split(const PreparedTask& task, const std::vector<std::string>& names, const std::string& role) {
  if (names.size() != 1) throw Error(task.metadata.source + ": expected exactly one " + role + " split");
  const PreparedSplit& split = task.splits.at(names.front());
  EvaluationSplit out;
  out.name = split.name;
  out.embeddings = split.embeddings;
  out.targets = split.targets;
  if (task.metadata.embedding_type == format::EmbeddingType::event) {
    out.frames = &split.frames;
    if (task.head.kind == HeadKind::accdoa) {
      out.doa = &split.doa;
    } else {
      out.reference = &split.reference;
    }
  }
  out.describe_row = [&task, &split](int64_t row) { return describe_row(task, split, row); };
  return out;
}

PreparedTask load_prepared_task(const std::string& task_dir, const PredictParams& params) {
  PreparedTask task;
  task.embedding_path = task_dir;
  if (!fs::is_directory(task_dir)) throw Error(task_dir + ": not a folder");
  const format::EmbeddingsFolderLayout layout(task_dir);
  task.metadata = format::read_task_metadata(layout.task_files().metadata_file());
  const format::TaskMetadata& meta = task.metadata;
  const bool localization = !params.localization.empty();
  task.head = make_prediction_head(localization ? params.localization : meta.prediction_type_text, meta.source, params.kit);
  const bool event_task = meta.embedding_type == format::EmbeddingType::event;
  const bool accdoa = task.head.kind == HeadKind::accdoa;
  // accdoa on scene embeddings is refused by the metadata reader (format/task_metadata.h).
  if (accdoa) task.accdoa = read_accdoa_setup(nlohmann::json(meta.raw), meta.source);
  if (localization && event_task) {
    throw Error(meta.source + ": --localization needs a scene task, but embedding_type is 'event'");
  }
  if (!localization) task.vocabulary = format::read_label_vocabulary(layout.task_files().vocabulary_file());

  // All widths must agree before anything large is read.
  int64_t width = -1;
  std::string width_source;
  for (const std::string& split : meta.splits) {
    const auto dims = read_embedding_dimensions(task_dir, split);
    const std::string path = layout.embedding_dimensions_file(split);
    if (width >= 0 && dims.second != width) {
      throw Error(path + ": embedding width " + std::to_string(dims.second) + " differs from " +
                  std::to_string(width) + " in " + width_source);
    }
    width = dims.second;
    width_source = path;
  }
  task.input_dim = width;

  for (const std::string& name : meta.splits) {
    SplitEmbeddings loaded = load_split_embeddings(task_dir, name, event_task);
    PreparedSplit split;
    split.name = name;
    const std::string labels_path = layout.target_labels_pickle(name);
    split.targets = encode_targets(loaded.row_labels, task.head, task.vocabulary, labels_path);
    if (task.outputs == 0) task.outputs = split.targets.size(1);
    if (split.targets.size(1) != task.outputs) {
      throw Error(labels_path + ": label vectors have " + std::to_string(split.targets.size(1)) +
                  " entries, other splits " + std::to_string(task.outputs));
    }
    if (event_task) {
      split.frames = index_event_frames(loaded.row_files, loaded.row_timestamps_ms);
      const std::string reference_path = layout.task_files().split_labels_file(name);
      split.split_json = io::read_json_file(reference_path, "split labels");
      if (accdoa) {
        split.doa = accdoa_reference(split.split_json, reference_path, split.frames, task.vocabulary, task.accdoa);
      } else {
        add_reference_events(split.split_json, reference_path, split.reference);
      }
      split.row_files = loaded.row_files;
      split.timestamps = torch::tensor(loaded.row_timestamps_ms, torch::kFloat64);
    }
    split.embeddings = loaded.embeddings.to(params.device);
    // On the CPU the rows stay mapped from the file; another device must hold them whole: say so.
    if (!params.device.is_cpu() && params.log)
      params.log(task_dir + ": " + name + ": " +
                 std::to_string((loaded.embeddings.numel() * 4 + (1 << 20) - 1) >> 20) + " MiB of embeddings held on " +
                 params.device.str());
    split.targets = split.targets.to(params.device);
    task.splits.emplace(name, std::move(split));
  }
  return task;
}

TaskScores make_prepared_task_scores(const PreparedTask& task, const PredictParams& params) {
  const format::TaskMetadata& meta = task.metadata;
  const bool localization = task.head.localization;
  ScoreContext context;
  context.vocabulary = localization ? nullptr : &task.vocabulary;
  context.scoring_params = meta.scoring_params;
  context.localization = localization;
  const bool accdoa = task.head.kind == HeadKind::accdoa;
  context.event_task = meta.embedding_type == format::EmbeddingType::event && !accdoa;
  context.accdoa = accdoa;
  context.source = meta.source;
  TaskScores scores = params.score_factory ? params.score_factory(meta.evaluation, context)
                                           : make_task_scores(meta.evaluation, context);
  if (scores.empty()) throw Error(meta.source + ": field 'evaluation' names no score");
  return scores;
}

TrainingSetup make_training_setup(const PreparedTask& task, const PredictParams& params, const TaskScores& scores) {
  const format::TaskMetadata& meta = task.metadata;
  const bool accdoa = task.head.kind == HeadKind::accdoa;
  TrainingSetup setup;
  setup.head = task.head;
  setup.scores = &scores;
  setup.use_scoring_for_early_stopping = meta.use_scoring_for_early_stopping;
  setup.event_task = meta.embedding_type == format::EmbeddingType::event && !accdoa;
  setup.accdoa = accdoa;
  setup.seld = task.accdoa.seld;
  setup.random_probe = params.random_probe;
  setup.input_dim = task.input_dim;
  setup.outputs = task.outputs;
  setup.device = params.device;
  if (setup.event_task) {
    setup.postprocessing = postprocessing_grid(meta.event_postprocessing_grid, params.kit, meta.source);
    setup.class_labels = task.vocabulary.labels;
    if (!setup.use_scoring_for_early_stopping && setup.postprocessing.size() != 1) {
      throw Error(meta.source + ": use_scoring_for_early_stopping is false, so "
                  "evaluation_params.event_postprocessing_grid must hold exactly one configuration");
    }
  }
  return setup;
}

TaskPredictionResult run_prepared_task(const PreparedTask& task, const PredictParams& params,
                                       const ProgressSink& progress) {
  const auto started = std::chrono::steady_clock::now();
  const format::TaskMetadata& meta = task.metadata;
  TaskPredictionResult result;
  result.task_dir = task.embedding_path;
  const TaskScores scores = make_prepared_task_scores(task, params);
  const TrainingSetup setup = make_training_setup(task, params, scores);

  const std::vector<FoldSplit> folds = make_fold_splits(to_string(meta.split_mode), meta.splits, meta.source);
  const std::vector<GridConf> chosen = choose_task_grid(meta, params);
  std::vector<HyperParams> hyper;
  for (const GridConf& conf : chosen) hyper.push_back(decode_hyper_params(conf, meta.source));
  if (params.random_probe) {
    for (HyperParams& hp : hyper) hp.max_epochs = 50;  // lek's probe: 50 epochs, no early stopping
  }

  int64_t planned_epochs = 0;
  int64_t longest = 0;
  for (const HyperParams& hp : hyper) {
    planned_epochs += hp.max_epochs;
    longest = std::max(longest, hp.max_epochs);
  }
  planned_epochs += longest * static_cast<int64_t>(folds.size() - 1);
  TaskProgress task_progress(progress, planned_epochs);

  auto hooks_for = [&](const std::string& label, const std::atomic<bool>& stop) {
    TrainingHooks hooks;
    hooks.checkpoint = [&progress, &stop] {
      progress.checkpoint();
      if (stop.load()) throw Cancelled();
    };
    hooks.on_epoch = [&task_progress, label](int64_t epoch, int64_t max_epochs) {
      task_progress.epoch_done(label + ": epoch " + std::to_string(epoch + 1) + "/" + std::to_string(max_epochs));
    };
    return hooks;
  };
  std::mutex log_mutex;
  auto log_line = [&](const std::string& line) {
    if (!params.log) return;
    std::lock_guard<std::mutex> lock(log_mutex);
    params.log(line);
  };
  auto train_blocks = [&](const FoldSplit& fold) {
    RowBlocks blocks;
    for (const std::string& name : fold.train) {
      const PreparedSplit& split = task.splits.at(name);
      blocks.add(split.embeddings, split.targets);
    }
    return blocks;
  };

  // Grid search on fold split 0.
  const FoldSplit& first = folds.front();
  const RowBlocks first_train = train_blocks(first);
  const EvaluationSplit first_valid = evaluation_split(task, first.valid, "valid");
  std::vector<GridPointOutcome> outcomes(chosen.size());
  result.plan = plan_workers(static_cast<int64_t>(chosen.size()), params.device, params.max_workers, params.threads_per_worker);
  run_jobs(static_cast<int64_t>(chosen.size()), result.plan, [&](int64_t i, const std::atomic<bool>& stop) {
    const auto k = static_cast<size_t>(i);
    const std::string label = meta.task_name + " grid point " + std::to_string(i + 1) + "/" + std::to_string(chosen.size());
    outcomes[k] = train_grid_point(hyper[k], training_seed(params.seed, 0, k), first_train, first_valid, setup,
                                   hooks_for(label, stop));
    task_progress.training_done(hyper[k].max_epochs - outcomes[k].epochs_trained);
    if (!outcomes[k].failure.empty()) {
      log_line(label + " " + describe_conf(chosen[k]) + " failed: " + outcomes[k].failure + "; going on without it");
    } else {
      log_line(label + " " + describe_conf(chosen[k]) + ": " + describe_outcome(outcomes[k]));
    }
  });

  // Best by validation score; stable, so ties keep the earlier grid point.
  const bool maximize = setup.maximize();
  std::vector<size_t> order(chosen.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const bool failed_a = !outcomes[a].failure.empty(), failed_b = !outcomes[b].failure.empty();
    if (failed_a || failed_b) return !failed_a && failed_b;  // failed grid points last
    const double x = outcomes[a].validation_score;
    const double y = outcomes[b].validation_score;
    if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
    return maximize ? x > y : x < y;
  });
  const size_t best = order.front();
  if (!outcomes[best].failure.empty()) {
    throw Error(meta.task_name + ": every grid point failed; grid point 1/" + std::to_string(chosen.size()) + ": " +
                outcomes[0].failure);
  }
  result.best_grid_point = best;
  for (size_t i = 0; i < chosen.size(); ++i) {
    result.grid_points.push_back({chosen[i], outcomes[i].validation_score, outcomes[i].best_epoch,
                                  outcomes[i].epochs_trained, outcomes[i].time_in_min, outcomes[i].failure});
  }

  // Retrain the best configuration on the other folds, then test every fold with its own model.
  std::vector<GridPointOutcome> fold_outcomes(folds.size());
  fold_outcomes[0] = outcomes[best];
  const HyperParams& best_hp = hyper[best];
  run_jobs(static_cast<int64_t>(folds.size()) - 1,
           plan_workers(static_cast<int64_t>(folds.size()) - 1, params.device, params.max_workers, params.threads_per_worker),
           [&](int64_t j, const std::atomic<bool>& stop) {
             const auto f = static_cast<size_t>(j) + 1;
             const FoldSplit& fold = folds[f];
             const std::string label = meta.task_name + " " + fold.test_key();
             fold_outcomes[f] = train_grid_point(best_hp, training_seed(params.seed, f, best), train_blocks(fold),
                                                 evaluation_split(task, fold.valid, "valid"), setup, hooks_for(label, stop));
             task_progress.training_done(best_hp.max_epochs - fold_outcomes[f].epochs_trained);
             if (!fold_outcomes[f].failure.empty()) {
               throw Error(label + " (best grid point retrained): " + fold_outcomes[f].failure);
             }
             log_line(label + " (best grid point retrained): " + describe_outcome(fold_outcomes[f]));
           });

  std::vector<FoldScores> fold_scores;
  for (size_t f = 0; f < folds.size(); ++f) {
    progress.checkpoint();
    const GridPointOutcome& outcome = fold_outcomes[f];
    MlpPredictor model = make_predictor(best_hp, setup, 0);
    load_state(model, outcome.best_state);
    const EvaluationSplit test = evaluation_split(task, folds[f].test, "test");
    SplitEvaluation evaluation;
    try {
      evaluation = evaluate_split(model, test, setup, best_hp.batch_size, true,
                                  setup.event_task ? outcome.postprocessing : std::nullopt);
    } catch (const NonFinitePrediction& e) {
      throw Error(meta.task_name + " " + folds[f].test_key() + " test: " + e.what());
    }
    nlohmann::ordered_json metrics = metrics_json(evaluation, "test");
    metrics["validation_score"] = outcome.validation_score;
    metrics["epoch"] = outcome.best_epoch;
    metrics["time_in_min"] = outcome.time_in_min;
    fold_scores.push_back({folds[f].test_key(), metrics});
    result.fold_predictions.push_back({folds[f].test_key(), test.name, evaluation.predictions, evaluation.logits,
                                       test.targets.to(torch::kCPU), evaluation.events, evaluation.doas});
  }

  nlohmann::ordered_json postprocessing = nlohmann::ordered_json::array();
  if (setup.event_task && outcomes[best].postprocessing) {
    postprocessing = setup.postprocessing[*outcomes[best].postprocessing].as_kit_json();
  }
  GridSearchRecord record;
  record.grid = grid_name_string(params.grid);
  record.kit = kit_flavour_string(params.kit);
  record.grid_points = static_cast<int64_t>(chosen.size());
  record.seed = params.seed;
  record.device = params.device.str();
  record.best_grid_point = static_cast<int64_t>(best);
  record.random_probe = params.random_probe;
  for (size_t i = 0; i < chosen.size(); ++i) {
    GridPointRecord point;
    point.hparams = hparams_json(chosen[i]);
    point.validation_score = outcomes[i].validation_score;
    point.epoch = outcomes[i].best_epoch;
    point.epochs_trained = outcomes[i].epochs_trained;
    point.time_in_min = outcomes[i].time_in_min;
    point.failure = outcomes[i].failure;
    record.points.push_back(std::move(point));
  }
  const nlohmann::ordered_json grid_search = to_json(record);
  result.scores = predicted_scores_json(fold_scores, chosen[best], postprocessing, maximize, task.embedding_path, grid_search);
  if (fold_scores.size() > 1) {
    result.headline_test_score = result.scores["aggregated_scores"].value("test_score_mean", std::nan(""));
  } else {
    result.headline_test_score = fold_scores.front().metrics.value("test_score", std::nan(""));
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

namespace {

void write_fold_pickle(const std::string& task_dir, const PreparedTask& task, const FoldPredictions& fold,
                       const std::string& suffix) {
  FoldPickle pickle;
  pickle.target = fold.targets;
  pickle.prediction = fold.predictions;
  const PreparedSplit& split = task.splits.at(fold.split);
  if (task.head.kind == HeadKind::accdoa) {
    const int64_t rows = fold.targets.size(0), classes = fold.targets.size(1) / 3;
    pickle.target = fold.targets.reshape({rows, classes, 3});
    pickle.prediction = fold.predictions.reshape({rows, classes, 3});
    pickle.reference_doas = &split.doa.by_file;
    pickle.predicted_doas = &fold.doas;
    pickle.timestamp = split.timestamps;
  } else {
    pickle.prediction_logit = fold.logits;
    if (task.metadata.embedding_type == format::EmbeddingType::event) {
      pickle.target_events = &split.split_json;
      pickle.predicted_events = &fold.events;
      pickle.timestamp = split.timestamps;
    }
  }
  write_fold_predictions_pickle(join(task_dir, fold_predictions_pickle_filename(fold.key, suffix)), pickle);
}

void write_fold_predictions(const std::string& task_dir, const FoldPredictions& fold, const std::string& suffix) {
  if (!fold.events.empty()) {
    nlohmann::ordered_json events = nlohmann::ordered_json::object();
    for (const auto& [file, list] : fold.events) {
      nlohmann::ordered_json items = nlohmann::ordered_json::array();
      for (const TimedEvent& e : list) items.push_back({{"label", e.label}, {"start", e.onset_ms}, {"end", e.offset_ms}});
      events[file] = items;
    }
    write_kit_json_file(join(task_dir, fold.key + ".predicted-events" + suffix + ".json"), events);
    return;
  }
  auto save = [&](const torch::Tensor& t, const std::string& name) {
    const torch::Tensor c = t.to(torch::kCPU).contiguous();
    io::write_npy(join(task_dir, fold.key + name + suffix + ".npy"), c.data_ptr<float>(), {c.size(0), c.size(1)});
  };
  save(fold.predictions, ".test-predictions");
  save(fold.targets, ".test-targets");
}

// The per-clip table the kits do not write: file, true and predicted direction, angular error and
// the task's facts about the clip (see localization_predictions.h).
// Rows are named from the per-file embeddings; a folder without them (pruned to save space) still
// gets its scores, and the log says why the table is missing.
void write_localization_fold(const std::string& task_dir, const PreparedTask& task, const FoldPredictions& fold,
                             const PredictParams& params) {
  std::vector<std::string> files;
  try {
    files = scene_row_files(task_dir, fold.key, task.splits.at(fold.key).embeddings);
  } catch (const Error& e) {
    if (params.log) params.log("no per-clip localization table for " + fold.key + ": " + e.what());
    return;
  }
  format::ClipMetadata metadata;
  const std::string metadata_path = join(task_dir, format::clip_metadata_filename(fold.key));
  if (fs::exists(metadata_path)) metadata = format::read_clip_metadata(metadata_path);
  LocalizationPredictions out;
  out.task_name = task.metadata.task_name;
  out.prediction_type = task.head.prediction_type;
  out.fold = fold.key;
  out.embedding_path = task.embedding_path;
  const torch::Tensor predictions = fold.predictions.to(torch::kCPU, torch::kDouble).contiguous();
  const torch::Tensor targets = fold.targets.to(torch::kCPU, torch::kDouble).contiguous();
  const int64_t rows = predictions.size(0), p_cols = predictions.size(1), t_cols = targets.size(1);
  const double* p = predictions.data_ptr<double>();
  const double* t = targets.data_ptr<double>();
  for (int64_t r = 0; r < rows; ++r) {
    const std::string& file = files[static_cast<size_t>(r)];
    auto facts = metadata.find(file);
    out.clips.push_back(describe_clip(file, std::vector<double>(t + r * t_cols, t + (r + 1) * t_cols),
                                      std::vector<double>(p + r * p_cols, p + (r + 1) * p_cols), out.prediction_type,
                                      facts == metadata.end() ? format::ClipFacts{} : facts->second));
  }
  write_localization_predictions(join(task_dir, localization_predictions_filename(fold.key)), out);
}

}  // namespace

TaskPredictionResult predict_task(const std::string& task_dir, const PredictParams& params,
                                  const ProgressSink& progress) {
  const auto started = std::chrono::steady_clock::now();
  const bool localization = !params.localization.empty();
  const std::string done_path = join(task_dir, prediction_done_filename(localization, params.random_probe, params.probe));
  if (params.skip_if_done && fs::exists(done_path)) {
    TaskPredictionResult skipped;
    skipped.task_dir = task_dir;
    skipped.skipped = true;
    return skipped;
  }
  progress.report(0.0, "loading " + task_dir);
  const PreparedTask task = load_prepared_task(task_dir, params);
  if (params.log && task.head.prediction_type == "polar-regression" && task.head.kind == HeadKind::regression_tanh) {
    params.log(task_dir + ": polar-regression with --kit listen trains tanh outputs as listen-eval-kit does, so "
               "targets beyond +-1 (degrees) cannot be reached; --kit hear trains identity outputs as GRAM-T's copy of the kit");
  }
  const bool knn = params.probe == ProbeKind::knn;
  TaskPredictionResult result = knn ? run_knn_task(task, params, progress) : run_prepared_task(task, params, progress);

  const std::string suffix = prediction_files_suffix(localization, params.random_probe, params.probe);
  if (params.write_predictions) {
    for (const FoldPredictions& fold : result.fold_predictions) {
      write_fold_pickle(task_dir, task, fold, suffix);
      write_fold_predictions(task_dir, fold, suffix);
    }
  }
  result.scores_path = join(task_dir, predicted_scores_filename(localization, params.random_probe, params.probe));
  write_kit_json_file(result.scores_path, result.scores);
  // After the scores, so a bad clip-metadata file cannot cost the trained results; before the done
  // file, which then certifies the whole set.
  // The per-clip table is the MLP's (its name has no probe suffix).
  if (params.write_predictions && localization && !params.random_probe && !knn && has_direction_labels(task.head.prediction_type)) {
    for (const FoldPredictions& fold : result.fold_predictions) write_localization_fold(task_dir, task, fold, params);
  }

  nlohmann::ordered_json done = nlohmann::ordered_json::object();
  done["time"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  done["embedding_path"] = task_dir;
  done["embedding_size"] = task.input_dim;
  done["grid_points"] = knn ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(params.grid_points);
  if (knn) done["probe"] = {{"probe", "knn"}, {"k", params.knn_k}, {"distance", knn_distance_string(params.knn_distance)}};
  done["gpus"] = params.device.is_cpu() ? nlohmann::ordered_json(nullptr)
                                        : nlohmann::ordered_json("[" + std::to_string(std::max<int>(0, params.device.index())) + "]");
  done["gpu_max_mem"] = nullptr;
  done["gpu_device_name"] = params.device.is_cpu() ? "cpu" : params.device.str();
  done["in_memory"] = true;
  done["deterministic"] = true;
  write_kit_json_file(done_path, done);
  progress.report(1.0, "done " + task_dir);
  return result;
}

}  // namespace gramt::eval::predict

#pragma once
// `gramt-cli evaluate`: the whole benchmark in one call. Builds the mini tasks when the tasks folder
// is empty, embeds every task (resuming), trains and tests the kits' predictor on each task once
// per seed, and writes results.json (results_file.h): per task the primary test score per seed
// with mean ± std, the naive baseline and the s(m)-style normalised score, every other test score,
// and the protocol the numbers were made under.
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>

#include "core/audio/ambisonic_format.h"
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/progress.h"
#include "core/eval/benchmark/evaluate_progress.h"
#include "core/eval/benchmark/results_file.h"
#include "core/eval/predict/task_prediction.h"
#include "core/eval/tasks/clip_embedder.h"
#include "core/eval/settings/evaluation_defaults.h"

namespace gramt::eval::benchmark {

struct EvaluateParams {
  std::string tasks_dir;
  std::vector<std::string> task_names;  // empty = all
  std::string embeddings_dir;
  std::string model_tag;
  // For the protocol only (the embedder is already open): the weights file (hashed) and the
  // embedding strategy. An empty weights path is recorded as empty.
  std::string weights_path;
  // What the embeddings depend on (tasks::embedding_manifest), checked when an unfinished task is
  // resumed; an empty weights_sha256 is filled with the protocol's. Null: the weights' hash and the strategy.
  nlohmann::ordered_json embedding_manifest;
  bool restart_embeddings = false;
  // --shard K/N: this process embeds its share of every task (tasks::EmbedTasksParams); the one
  // that finds every task embedded predicts and writes the results (a lock makes it one).
  int shard_index = 0, shard_count = 1;  // an unfinished task embedded with another manifest starts over (--force)
  audio::FoaFormat foa_format = audio::FoaFormat::kAmbiX;  // 4-channel clips of tasks that declare no convention
  std::string strategy;
  int64_t layer = -1;  // for the protocol: the encoder block embedded (-1 = the model's last)
  // A layer sweep (run_layer_sweep): these encoder layers embedded in one forward pass, layer i into
  // the model folder layer_model_tags[i] and predicted into layer_results_paths[i] (empty or
  // missing = <embeddings_dir>/<tag>/results.json).
  std::vector<int> layers;
  std::vector<std::string> layer_model_tags;
  std::vector<std::string> layer_results_paths;
  // make-tasks, when tasks_dir is missing or empty
  std::string make_tasks_size = defaults::kTasksSize;
  uint64_t make_tasks_seed = defaults::kTaskSeed;
  // An embedder defined at one sample rate only (the log-mel baseline): every task must offer it.
  // Checked once the tasks exist (after make-tasks), before any embedding; 0 = any rate.
  int required_sample_rate = 0;
  std::string required_rate_for;  // who needs it, for the message ("the log-mel baseline")
  // embedding
  int64_t batch_clips = defaults::kBatchClips;
  std::string device_name = defaults::kDevice;
  // prediction (grid, grid points, device, workers); localization tasks get their prediction_type
  // as the kits' --localization value. `seeds` replaces predict.seed: the prediction runs once
  // per seed (grid choice and training); empty = just predict.seed.
  predict::PredictParams predict;
  std::vector<uint64_t> seeds;
  std::string results_path;  // empty = <embeddings_dir>/<model_tag>/results.json
  std::function<void(const std::string& line)> log;
  // Structured progress (stage, task, done/total, time, ETA); may be empty.
  std::function<void(const EvaluateProgress& progress)> on_stage_progress;
};

struct EvaluationResults {
  ResultsFile file;  // what results.json holds
  NormalisedMean mean_normalised;
  std::string results_path;
  // Sharded runs: why this process stopped after embedding (other shards still embedding, or
  // another shard predicting); empty when it predicted and wrote the results.
  std::string stopped_after_embedding;

  size_t failures() const;
};

// Runs the three stages with `embedder`; a failing task (or seed) is recorded, the others go on.
// Throws for problems with the run as a whole, and Cancelled; finished work stays on disk, so a
// rerun resumes. Writes results.json atomically.
EvaluationResults run_evaluation(tasks::ClipEmbedder& embedder, const EvaluateParams& params,
                                 const ProgressSink& progress);

// evaluate --layers: stages 1 and 2 once (every layer of a clip from one forward pass), then
// stage 3 per layer, each layer's results.json with its layer in the protocol. A layer beyond
// the embedder's depth is refused before any work; sharding is refused.
std::vector<EvaluationResults> run_layer_sweep(tasks::ClipEmbedder& embedder, const EvaluateParams& params,
                                               const ProgressSink& progress);

// A sweep's plain-text table: one row per task, one column per layer (primary test score, the mean
// over seeds), the best layer per task starred, then each layer's results file.
std::string format_layer_sweep_table(const std::vector<EvaluationResults>& layers);

// The protocol's name of the probe: "mlp", or "knn k=10 cosine".
std::string probe_protocol_text(const predict::PredictParams& p);

// Plain-text table: task, primary score, mean ± std over seeds, naive, normalised.
std::string format_results_table(const EvaluationResults& results);

// The test value of `score` in a kits' predicted-scores JSON: "aggregated_scores" test_<s>_mean
// for k-fold tasks, else "test" test_<s>. NaN when absent.
double test_score_from_kit_json(const nlohmann::ordered_json& scores, const std::string& score);

}  // namespace gramt::eval::benchmark

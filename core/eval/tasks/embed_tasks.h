#pragma once
// The embeddings runner (spec/eval.md §2): for every task folder, every split, every listed audio
// file, the model's embeddings in the kits' layout under <embeddings_dir>/<model_tag>/<task>/.
//
// A task is written into its working folder `.<task>.partial` beside it, clip by clip (each clip's
// files atomically), and renamed into place when complete, so a folder with the task's name is
// always whole. A run that stops (killed, cancelled, failed) leaves the working folder, and the next
// run embeds only the clips still missing — if the working folder's manifest (model hash,
// precision, strategy, layer, options, clip list) matches; otherwise it is refused by name, or
// started over with `force`. A task already complete is skipped; a task that fails stops only itself.
//
// Sharding: with shard_count N, a process embeds only the clips at positions ≡ shard_index (mod N)
// of each split; any number of processes sharing the file system may work on one task at once.
// The process that finds every clip embedded assembles the kits' files (a lock makes it one), so
// the folder is byte-identical to a single process's (profile.embeddings.json's time aside).
#include <functional>
#include <utility>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/progress.h"
#include "core/eval/tasks/clip_embedder.h"
#include "core/audio/ambisonic_format.h"
#include "core/eval/settings/evaluation_defaults.h"

namespace gramt::eval::tasks {

struct EmbedTasksParams {
  std::string tasks_dir;
  std::vector<std::string> task_names;  // empty = every task folder in tasks_dir
  std::string embeddings_dir;
  std::string model_tag;
  // Clips per embed_many call: at most this many, and at most this much audio in all.
  int64_t batch_clips = defaults::kBatchClips;
  double batch_seconds = 120.0;
  std::string device_name = defaults::kDevice;  // for profile.embeddings.json
  // What the embeddings depend on (the model's hash, precision, strategy, layer, options), written
  // into an unfinished task's working folder and compared when a later run resumes it. Null: unchecked.
  nlohmann::ordered_json manifest;
  bool force = false;  // resume refused (another manifest, another clip list): start the task over
  int shard_index = 0, shard_count = 1;  // this process's clips: positions ≡ shard_index (mod shard_count)
  bool merge_only = false;  // embed nothing: assemble the tasks whose clips every shard has embedded
  // A layer sweep: the output after each of these encoder blocks (0..the model's depth) from one
  // forward pass per batch, layer i into its own model folder layer_model_tags[i] (model_tag then
  // names only the first's outcome). The manifest gets each folder's layer. Not with shards.
  std::vector<int> layers;
  std::vector<std::string> layer_model_tags;
  // Convention of 4-channel clips in tasks whose task_metadata.json declares none ("ambisonic_format").
  // Such clips reach the embedder as W, X, Y, Z with SN3D gains, the order the 7-channel front end reads.
  audio::FoaFormat foa_format = audio::FoaFormat::kAmbiX;
  // Warnings and per-task lines (resampling, skips, failures); may be empty.
  std::function<void(const std::string& line)> log;
};

// shard_done: this process's clips are embedded, others' are still missing (the last shard, or
// merge_only, assembles the task).
enum class TaskEmbedStatus { embedded, skipped, failed, shard_done };

struct TaskEmbedOutcome {
  std::string task;        // folder name
  std::string output_dir;  // <embeddings_dir>/<model_tag>/<task>
  TaskEmbedStatus status = TaskEmbedStatus::failed;
  std::string error;       // failed: the reason
  std::vector<std::string> warnings;
  int64_t files = 0;         // clips this run embedded
  int64_t files_reused = 0;  // clips an earlier run (or another shard) had embedded
  int64_t files_missing = 0; // shard_done: clips still to be embedded by other shards
  double seconds = 0.0;
};

struct EmbedTasksSummary {
  std::vector<TaskEmbedOutcome> tasks;
  size_t count(TaskEmbedStatus status) const;
};

// Embeds the tasks one after the other. Throws only for problems with the run as a whole (tasks
// folder missing, output root not writable, a named task absent) and for Cancelled; a task's own
// problems are recorded in its outcome.
EmbedTasksSummary embed_tasks(ClipEmbedder& embedder, const EmbedTasksParams& params, const ProgressSink& progress);

// The output folder of one task, and whether it is complete (has the kits' done marker).
std::string task_output_dir(const EmbedTasksParams& params, const std::string& task);
std::string task_working_dir(const EmbedTasksParams& params, const std::string& task);
// "K/N" with 0 <= K < N; throws gramt::Error naming the text otherwise.
std::pair<int, int> parse_shard(const std::string& text);
bool is_task_embedded(const std::string& output_dir);

}  // namespace gramt::eval::tasks

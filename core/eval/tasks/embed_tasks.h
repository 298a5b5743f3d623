#pragma once
// The embeddings runner (spec/eval.md §2): for every task folder, every split, every listed audio
// file, the model's embeddings in the kits' layout under <embeddings_dir>/<model_tag>/<task>/.
// A task is written into a hidden temporary sibling and renamed into place when complete, so a
// folder with the task's name is always whole; a task already complete is skipped (resume); a
// task that fails stops only itself.
#include <functional>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/eval/tasks/clip_embedder.h"
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
  // Warnings and per-task lines (resampling, skips, failures); may be empty.
  std::function<void(const std::string& line)> log;
};

enum class TaskEmbedStatus { embedded, skipped, failed };

struct TaskEmbedOutcome {
  std::string task;        // folder name
  std::string output_dir;  // <embeddings_dir>/<model_tag>/<task>
  TaskEmbedStatus status = TaskEmbedStatus::failed;
  std::string error;       // failed: the reason
  std::vector<std::string> warnings;
  int64_t files = 0;
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
bool is_task_embedded(const std::string& output_dir);

}  // namespace gramt::eval::tasks

#include "core/eval/tasks/embed_tasks.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>

#include "core/audio/audio_file.h"
#include "core/audio/resample.h"
#include "core/common/error.h"
#include "core/eval/format/embeddings_folder_layout.h"
#include "core/eval/tasks/embedding_task_writer.h"
#include "core/eval/tasks/task_folder.h"

namespace gramt::eval::tasks {

namespace fs = std::filesystem;

namespace {

void say(const EmbedTasksParams& params, const std::string& line) {
  if (params.log) params.log(line);
}

// Removes a folder this run made (or an incomplete one left by a killed run); errors are ignored
// because the caller is already reporting a failure.
void remove_quietly(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
}

struct PlannedTask {
  std::string name;
  std::string output_dir;
  std::optional<TaskFolder> folder;  // empty when reading it failed
  std::string read_error;
};

// Embeds one task into `write_dir`. `done_files`/`total_files` drive the overall progress.
void embed_one(ClipEmbedder& embedder, const TaskFolder& task, const EmbedTasksParams& params,
               const std::string& write_dir, const std::string& final_dir, TaskEmbedOutcome& outcome,
               const ProgressSink& progress, size_t& done_files, size_t total_files) {
  const int model_rate = embedder.sample_rate();
  const AudioSourceChoice source = choose_audio_source(task, model_rate);
  if (!source.warning.empty()) {
    outcome.warnings.push_back(source.warning);
    say(params, source.warning);
  }
  check_task_audio(task, source.folder_rate);

  const auto start = std::chrono::steady_clock::now();
  EmbeddingTaskWriter writer(task, write_dir, final_dir);
  for (const format::SplitLabels& split : task.splits) {
    writer.begin_split(split.split);
    size_t next = 0;
    while (next < split.files.size()) {
      progress.checkpoint();
      // One batch: up to batch_clips clips and batch_seconds of audio (at least one clip).
      std::vector<audio::AudioBuffer> clips;
      std::vector<std::string> names;
      std::vector<const format::LabelledFile*> files;
      double seconds = 0.0;
      while (next < split.files.size() && static_cast<int64_t>(clips.size()) < std::max<int64_t>(1, params.batch_clips)) {
        const format::LabelledFile& file = split.files[next];
        const std::string path = task.audio_path(source.folder_rate, split.split, file.name);
        audio::AudioBuffer clip = audio::read_audio(path);
        if (clip.sample_rate != source.folder_rate) {
          throw Error(path + ": sample rate " + std::to_string(clip.sample_rate) + " Hz inside the " +
                      std::to_string(source.folder_rate) + "/ folder");
        }
        if (source.resample) clip = audio::resample(clip, model_rate);
        if (!clips.empty() && seconds + clip.seconds() > params.batch_seconds) break;
        seconds += clip.seconds();
        clips.push_back(std::move(clip));
        names.push_back(path);
        files.push_back(&file);
        ++next;
      }
      ProgressSink inner;
      inner.cancel = progress.cancel;
      const size_t base = done_files;
      inner.on_progress = [&, base](double f, const std::string&) {
        const double done = static_cast<double>(base) + f * static_cast<double>(clips.size());
        progress.report(total_files ? done / static_cast<double>(total_files) : 1.0, task.name + " " + split.split);
      };
      const std::vector<ClipEmbedding> embeddings = embedder.embed_many(clips, names, inner);
      if (embeddings.size() != clips.size()) {
        throw Error(task.name + ": the model returned " + std::to_string(embeddings.size()) + " embeddings for " +
                    std::to_string(clips.size()) + " clips");
      }
      for (size_t i = 0; i < files.size(); ++i) writer.add_file(*files[i], embeddings[i]);
      done_files += files.size();
      outcome.files += static_cast<int64_t>(files.size());
      progress.report(total_files ? static_cast<double>(done_files) / static_cast<double>(total_files) : 1.0,
                      task.name + " " + split.split);
    }
    writer.end_split();
  }
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  writer.finish(elapsed, params.device_name);
}

}  // namespace

size_t EmbedTasksSummary::count(TaskEmbedStatus status) const {
  return static_cast<size_t>(
      std::count_if(tasks.begin(), tasks.end(), [status](const TaskEmbedOutcome& t) { return t.status == status; }));
}

std::string task_output_dir(const EmbedTasksParams& params, const std::string& task) {
  return format::EmbeddingsFolderLayout(params.embeddings_dir, params.model_tag, task).root();
}

bool is_task_embedded(const std::string& output_dir) {
  std::error_code ec;
  return fs::is_regular_file(format::EmbeddingsFolderLayout(output_dir).done_file(), ec);
}

EmbedTasksSummary embed_tasks(ClipEmbedder& embedder, const EmbedTasksParams& params, const ProgressSink& progress) {
  if (params.model_tag.empty() || params.model_tag.find('/') != std::string::npos || params.model_tag[0] == '.') {
    throw Error("model tag '" + params.model_tag + "' cannot be a folder name");
  }
  std::vector<std::string> names = params.task_names;
  if (names.empty()) names = list_task_folders(params.tasks_dir);
  if (names.empty()) throw Error(params.tasks_dir + ": no task folders");
  const std::string model_root = (fs::path(params.embeddings_dir) / params.model_tag).string();
  std::error_code ec;
  fs::create_directories(model_root, ec);
  if (ec) throw Error(model_root + ": cannot create the embeddings folder (" + ec.message() + ")");

  // Read every task first: the progress bar needs the file count, and a bad folder is reported
  // before any model time is spent.
  std::vector<PlannedTask> plan;
  size_t total_files = 0;
  for (const std::string& name : names) {
    PlannedTask p;
    p.name = name;
    p.output_dir = task_output_dir(params, name);
    const std::string task_dir = (fs::path(params.tasks_dir) / name).string();
    if (!fs::is_directory(task_dir, ec)) throw Error(task_dir + ": no such task folder");
    if (!is_task_embedded(p.output_dir)) {
      try {
        p.folder = read_task_folder(task_dir);
        total_files += p.folder->file_count();
      } catch (const Cancelled&) {
        throw;
      } catch (const Error& e) {
        p.read_error = e.what();
      }
    }
    plan.push_back(std::move(p));
  }

  EmbedTasksSummary summary;
  size_t done_files = 0;
  for (PlannedTask& p : plan) {
    TaskEmbedOutcome outcome;
    outcome.task = p.name;
    outcome.output_dir = p.output_dir;
    if (is_task_embedded(p.output_dir)) {
      outcome.status = TaskEmbedStatus::skipped;
      say(params, p.name + ": already embedded in " + p.output_dir + ", skipped");
      summary.tasks.push_back(std::move(outcome));
      continue;
    }
    if (!p.folder) {
      outcome.status = TaskEmbedStatus::failed;
      outcome.error = p.read_error;
      say(params, p.name + ": failed: " + p.read_error);
      summary.tasks.push_back(std::move(outcome));
      continue;
    }
    const auto start = std::chrono::steady_clock::now();
    const std::string temp_dir =
        (fs::path(model_root) / ("." + p.name + ".partial-" + std::to_string(::getpid()))).string();
    remove_quietly(temp_dir);
    const size_t files_before = done_files;
    try {
      embed_one(embedder, *p.folder, params, temp_dir, p.output_dir, outcome, progress, done_files, total_files);
      // An incomplete folder of the same name (a run of the kit killed half way) is replaced, as
      // the kit replaces it.
      if (fs::exists(p.output_dir, ec)) {
        say(params, p.name + ": replacing the incomplete " + p.output_dir);
        fs::remove_all(p.output_dir, ec);
        if (ec) throw Error(p.output_dir + ": cannot remove the incomplete folder (" + ec.message() + ")");
      }
      fs::rename(temp_dir, p.output_dir, ec);
      if (ec) throw Error(p.output_dir + ": cannot move the finished task into place (" + ec.message() + ")");
      outcome.status = TaskEmbedStatus::embedded;
    } catch (const Cancelled&) {
      remove_quietly(temp_dir);
      throw;
    } catch (const std::exception& e) {
      remove_quietly(temp_dir);
      outcome.status = TaskEmbedStatus::failed;
      outcome.error = e.what();
      outcome.files = 0;
      done_files = files_before + p.folder->file_count();  // keep the bar moving past the failed task
      say(params, p.name + ": failed: " + outcome.error);
    }
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    summary.tasks.push_back(std::move(outcome));
  }
  progress.report(1.0, "done");
  return summary;
}

}  // namespace gramt::eval::tasks

#include "core/eval/tasks/task_folder.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/eval/format/task_folder_layout.h"

namespace gramt::eval::tasks {

namespace fs = std::filesystem;

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() < 9 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

const format::SplitLabels& TaskFolder::split(const std::string& split_name) const {
  for (const format::SplitLabels& s : splits)
    if (s.split == split_name) return s;
  throw Error(path + ": task has no split '" + split_name + "'");
}

std::string TaskFolder::audio_path(int sample_rate, const std::string& split_name, const std::string& file) const {
  return (fs::path(path) / std::to_string(sample_rate) / split_name / file).string();
}

size_t TaskFolder::file_count() const {
  size_t n = 0;
  for (const format::SplitLabels& s : splits) n += s.files.size();
  return n;
}

TaskFolder read_task_folder(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) throw Error(path + ": not a task folder (no such directory)");
  TaskFolder task;
  task.path = path;
  task.name = fs::path(path).filename().string();
  if (task.name.empty()) task.name = fs::path(path).parent_path().filename().string();
  const format::TaskFolderLayout layout(path);
  task.metadata = format::read_task_metadata(layout.metadata_file());

  const std::string vocabulary_path = layout.vocabulary_file();
  if (task.metadata.is_localization()) {
    // Never read by the localization path, but the kits copy it unconditionally.
    if (!fs::is_regular_file(vocabulary_path, ec)) {
      throw Error(vocabulary_path + ": missing (the kits copy it even for localization tasks)");
    }
  } else {
    task.vocabulary = format::read_label_vocabulary(vocabulary_path);
  }

  for (const std::string& split : task.metadata.splits) {
    const std::string split_path = layout.split_labels_file(split);
    task.splits.push_back(format::read_split_labels(split_path, task.metadata, task.vocabulary ? &*task.vocabulary : nullptr, split));
  }

  for (const auto& entry : fs::directory_iterator(path, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && all_digits(name)) task.sample_rates.push_back(std::stoi(name));
  }
  if (ec) throw Error(path + ": cannot list the folder (" + ec.message() + ")");
  std::sort(task.sample_rates.begin(), task.sample_rates.end());
  if (task.sample_rates.empty()) {
    throw Error(path + ": no audio folder (expected <sample_rate>/<split>/, e.g. 32000/" + task.metadata.splits[0] + "/)");
  }
  return task;
}

AudioSourceChoice choose_audio_source(const TaskFolder& task, int model_rate) {
  AudioSourceChoice choice;
  if (std::find(task.sample_rates.begin(), task.sample_rates.end(), model_rate) != task.sample_rates.end()) {
    choice.folder_rate = model_rate;
    return choice;
  }
  choice.folder_rate = task.sample_rates.back();
  choice.resample = true;
  choice.warning = "warning: " + task.name + ": no " + std::to_string(model_rate) + "/ audio folder; resampling " +
                   std::to_string(choice.folder_rate) + " Hz audio to " + std::to_string(model_rate) +
                   " Hz with libsoxr (the Python kits would stop here)";
  return choice;
}

std::vector<std::vector<double>> check_task_audio(const TaskFolder& task, int folder_rate) {
  std::vector<std::vector<double>> seconds;
  for (const format::SplitLabels& split : task.splits) {
    seconds.emplace_back();
    const fs::path dir = fs::path(task.path) / std::to_string(folder_rate) / split.split;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw Error(dir.string() + ": missing audio folder for split '" + split.split + "'");
    for (const format::LabelledFile& file : split.files) {
      const std::string audio_path = task.audio_path(folder_rate, split.split, file.name);
      const audio::AudioInfo info = audio::probe_audio(audio_path);
      if (info.sample_rate != folder_rate) {
        throw Error(audio_path + ": sample rate " + std::to_string(info.sample_rate) + " Hz inside the " +
                    std::to_string(folder_rate) + "/ folder");
      }
      if (info.frames <= 0) throw Error(audio_path + ": no samples");
      seconds.back().push_back(static_cast<double>(info.frames) / info.sample_rate);
    }
  }
  return seconds;
}

std::vector<std::string> list_task_folders(const std::string& tasks_dir) {
  std::error_code ec;
  if (!fs::is_directory(tasks_dir, ec)) throw Error(tasks_dir + ": tasks folder does not exist");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(tasks_dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (!entry.is_directory()) continue;
    names.push_back(name);
  }
  if (ec) throw Error(tasks_dir + ": cannot list the folder (" + ec.message() + ")");
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace gramt::eval::tasks

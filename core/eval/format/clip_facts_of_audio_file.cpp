#include "core/eval/format/clip_facts_of_audio_file.h"

#include <cctype>
#include <filesystem>

#include "core/eval/format/task_folder_layout.h"

namespace gramt::eval::format {

namespace fs = std::filesystem;

namespace {

bool is_sample_rate_name(const std::string& name) {
  if (name.empty() || name.size() > 7) return false;
  for (const char c : name)
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
  return true;
}

}  // namespace

std::optional<TaskAudioFilePlace> place_in_task_folder(const std::string& audio_path) {
  const fs::path file = fs::absolute(fs::path(audio_path)).lexically_normal();
  const fs::path split_dir = file.parent_path();
  const fs::path rate_dir = split_dir.parent_path();
  const fs::path task_dir = rate_dir.parent_path();
  if (file.filename().empty() || split_dir.filename().empty() || task_dir.empty()) return std::nullopt;
  const std::string rate_name = rate_dir.filename().string();
  if (!is_sample_rate_name(rate_name) || !TaskFolderLayout::is_task_folder(task_dir.string())) return std::nullopt;
  TaskAudioFilePlace place{task_dir.string(), std::stoi(rate_name), split_dir.filename().string(), file.filename().string()};
  // The layout is the one owner of the folder's names: the path must be the one it would build.
  if (fs::path(TaskFolderLayout(place.task_dir).audio_file(place.sample_rate, place.split, place.file)).lexically_normal() != file)
    return std::nullopt;
  return place;
}

std::optional<ClipFacts> clip_facts_of_audio_file(const std::string& audio_path) {
  const std::optional<TaskAudioFilePlace> place = place_in_task_folder(audio_path);
  if (!place) return std::nullopt;
  const std::string metadata_file = TaskFolderLayout(place->task_dir).clip_metadata_file(place->split);
  std::error_code ec;
  if (!fs::is_regular_file(metadata_file, ec)) return std::nullopt;
  const ClipMetadata metadata = read_clip_metadata(metadata_file);
  const auto it = metadata.find(place->file);
  if (it == metadata.end()) return std::nullopt;
  return it->second;
}

}  // namespace gramt::eval::format

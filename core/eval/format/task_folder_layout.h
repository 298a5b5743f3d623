#pragma once
// Where everything of a HEAR task folder lives (spec/eval.md §1.1), built like the run folder
// (core/train/run_folder.h): every path comes from this type, so no other file spells a name.
//   <task>/task_metadata.json, labelvocabulary.csv, <split>.json
//   <task>/<split>.clip-metadata.json        per-clip facts (ours; the kits ignore it)
//   <task>/<sample_rate>/<split>/<audio file>
#include <string>

namespace gramt::eval::format {

class TaskFolderLayout {
 public:
  explicit TaskFolderLayout(std::string root) : root_(std::move(root)) {}

  // A folder is a task folder when it holds task_metadata.json.
  static bool is_task_folder(const std::string& path);
  static const char* metadata_file_name();  // "task_metadata.json", for programs that only list

  const std::string& root() const { return root_; }
  std::string metadata_file() const;
  std::string vocabulary_file() const;
  std::string split_labels_file(const std::string& split) const;
  std::string clip_metadata_file(const std::string& split) const;
  std::string audio_dir(int sample_rate, const std::string& split) const;
  std::string audio_file(int sample_rate, const std::string& split, const std::string& file) const;

 private:
  std::string root_;
};

}  // namespace gramt::eval::format

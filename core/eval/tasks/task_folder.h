#pragma once
// A whole HEAR task folder (spec/eval.md §1.1):
//   <task>/task_metadata.json, labelvocabulary.csv, <split>.json per split,
//   <task>/<sample_rate>/<split>/<audio file>.
// Reading checks the metadata, the vocabulary and every split's labels; the audio is checked
// separately (check_task_audio) because that needs the rate the model will read.
#include <optional>
#include <string>
#include <vector>

#include "core/eval/format/label_vocabulary.h"
#include "core/eval/format/split_labels.h"
#include "core/eval/format/task_metadata.h"

namespace gramt::eval::tasks {

struct TaskFolder {
  std::string path;  // the folder
  std::string name;  // its name: the embeddings runner's output folder name
  format::TaskMetadata metadata;
  // Parsed for class-label tasks; localization tasks carry the file (the kits copy it) unread.
  std::optional<format::LabelVocabulary> vocabulary;
  std::vector<format::SplitLabels> splits;  // in metadata.splits order
  std::vector<int> sample_rates;    // audio rate folders present, ascending

  const format::SplitLabels& split(const std::string& name) const;
  std::string audio_path(int sample_rate, const std::string& split, const std::string& file) const;
  size_t file_count() const;
};

// Throws gramt::Error naming the file and field for: a missing folder, a missing or malformed
// task_metadata.json / labelvocabulary.csv / <split>.json, an unknown prediction_type or
// split_mode, a label missing from the vocabulary, an empty split, no audio rate folder at all.
TaskFolder read_task_folder(const std::string& path);

// Which audio folder the embeddings come from for a model of `model_rate` Hz. The kits require
// <model_rate>/ and fail otherwise; we fall back to the highest rate present and resample.
struct AudioSourceChoice {
  int folder_rate = 0;
  bool resample = false;
  std::string warning;  // one line when resampling, else empty
};
AudioSourceChoice choose_audio_source(const TaskFolder& task, int model_rate);

// Probes every audio file of every split in the <folder_rate>/ folder: present, decodable header,
// sample rate equal to the folder's. Throws gramt::Error naming the first bad file. Returns each
// clip's length in seconds, per split in the task's split order (what the headers said, so nobody
// probes them twice).
std::vector<std::vector<double>> check_task_audio(const TaskFolder& task, int folder_rate);

// Task folders under `tasks_dir` in name order. Hidden entries (temporary folders) and plain files
// are skipped, unlike the kits' `--task all`, which would try to read them.
std::vector<std::string> list_task_folders(const std::string& tasks_dir);

}  // namespace gramt::eval::tasks

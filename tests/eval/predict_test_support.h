#pragma once
// Shared by the predictor tests: a writer for embeddings task folders in the kits' layout
// (raw float32 matrix, dimensions JSON, label pickle, filename-timestamps, metadata, vocabulary),
// and small synthetic tasks built with it.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>


namespace gramt::eval::predict::testing {

// A fresh empty folder under the system temp dir, removed by the destructor.
class TempFolder {
 public:
  explicit TempFolder(const std::string& tag);
  ~TempFolder();
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const;

 private:
  std::string path_;
};

// Pickles a JSON list of label rows with protocol 2 (what Python's pickle reads back as lists of
// str/int/float/bool/None).
std::string pickle_label_rows(const nlohmann::json& rows);

struct SplitFiles {
  std::string name;
  std::vector<float> embeddings;  // rows x width, row-major
  int64_t rows = 0;
  int64_t width = 0;
  nlohmann::json row_labels = nlohmann::json::array();
  nlohmann::json filename_timestamps;  // event tasks: [[path, ms], ...]
  nlohmann::json split_json = nlohmann::json::object();  // <split>.json
};

void write_text(const std::string& path, const std::string& text);
void write_split(const std::string& task_dir, const SplitFiles& split);
void write_task(const std::string& task_dir, const nlohmann::json& metadata,
                const std::vector<std::string>& vocabulary, const std::vector<SplitFiles>& splits);

// A multiclass scene task whose classes are separable: class c's rows sit around 3·e_c.
// split_mode "trainvaltest" gives train/valid/test, "new_split_kfold" gives `folds` folds.
void write_separable_scene_task(const std::string& task_dir, const std::string& split_mode, int64_t rows_per_split,
                                int64_t width, int64_t classes, int folds = 3, uint32_t seed = 1);

// An event task (multilabel, trainvaltest): 50 ms frames; per file one "alarm" event and one "door"
// event, frame embeddings carrying the active classes plus noise.
void write_event_task(const std::string& task_dir, int files_per_split, int frames_per_file, int64_t width,
                      uint32_t seed = 2);

// An ACCDOA task (event, static sources, trainvaltest): 100 ms frames; per file a "dog" and a "bell"
// event, each from one of a few directions; frame embeddings carry each active class's unit
// direction vector plus noise, so a linear probe can learn them. Labels are [label, [az, el]].
// `metadata_patch` is merged into the metadata (e.g. to remove source_dynamics).
void write_accdoa_task(const std::string& task_dir, int files_per_split, int frames_per_file,
                       const nlohmann::json& metadata_patch = nlohmann::json::object(), uint32_t seed = 3);

}  // namespace gramt::eval::predict::testing

#pragma once
// Writes one task's embeddings folder exactly as the HEAR embeddings runner lays it out
// (spec/eval.md §2.6-2.7), so that either kit's predictions runner can read it:
//   task_metadata.json, labelvocabulary.csv, <split>.json        byte copies
//   <split>.clip-metadata.json                                      byte copy when the task has one (ours)
//   <split>/<file>.embedding.npy                                    scene (D,), event (T, D)
//   <split>/<file>.target-labels.json                               scene labels / per-frame labels
//   <split>/<file>.timestamps.json                                  event only
//   <split>.embedding-dimensions.json                               [N, D]
//   <split>.embeddings.npy                                          raw float32 N x D, no header
//   <split>.target-labels.pkl                                       N label lists (pickle)
//   <split>.filename-timestamps.json                                event only: [slug, ms] per row
//   profile.embeddings.json, .done.embeddings                       written by finish()
// Rows of a split are in the order of one Python random.Random(0) shuffle per task, continued
// across the splits, as the kit does.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/format/embeddings_folder_layout.h"
#include "core/eval/format/python_random.h"
#include "core/eval/tasks/clip_embedder.h"
#include "core/eval/tasks/task_folder.h"

namespace gramt::eval::tasks {

class EmbeddingTaskWriter {
 public:
  // Files go to `write_dir` now; `final_dir` is where the folder will live once complete (the
  // event slugs name it, as the kit's do).
  EmbeddingTaskWriter(const TaskFolder& task, std::string write_dir, std::string final_dir);

  // Splits in metadata order; every file of the split once, in any order.
  void begin_split(const std::string& split);
  void add_file(const format::LabelledFile& file, const ClipEmbedding& embedding);
  void end_split();

  // profile.embeddings.json and the done marker.
  void finish(double seconds_elapsed, const std::string& device_name);

 private:
  struct FileRows {
    int64_t rows = 0;
    nlohmann::ordered_json labels;       // scene: the label list; event: per-frame lists
    std::vector<float> timestamps_ms;    // event
  };

  std::string split_dir() const;

  const TaskFolder& task_;
  std::string write_dir_, final_dir_;
  format::TaskFolderLayout source_;
  format::EmbeddingsFolderLayout output_;  // in write_dir_
  format::PythonRandom rng_{0};
  const format::SplitLabels* split_ = nullptr;
  std::map<std::string, FileRows> files_;
  int64_t width_ = -1;
  std::string width_source_;
};

}  // namespace gramt::eval::tasks

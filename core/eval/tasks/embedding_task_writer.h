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
//
// In two phases, so that a task can be embedded by several processes and across interruptions:
// write_file() writes one clip's own files (each atomically, the target labels last, so a clip is
// embedded exactly when has_file() says so); assemble_split() then reads every clip of a split back
// and writes the split's files. Rows of a split are in the order of one Python random.Random(0)
// shuffle per task, continued across the splits, as the kit does: assemble the splits in metadata
// order, each once.
#include <string>
#include <vector>

#include "core/eval/format/embeddings_folder_layout.h"
#include "core/eval/format/python_random.h"
#include "core/eval/tasks/clip_embedder.h"
#include "core/eval/tasks/task_folder.h"

namespace gramt::eval::tasks {

class EmbeddingTaskWriter {
 public:
  // Files go to `write_dir` now; `final_dir` is where the folder will live once complete (the
  // event slugs name it, as the kit's do). Copies the task's metadata and vocabulary.
  EmbeddingTaskWriter(const TaskFolder& task, std::string write_dir, std::string final_dir);

  // Copies the split's labels (and clip facts) and makes its folder; before write_file on it.
  void prepare_split(const std::string& split);
  bool has_file(const std::string& split, const std::string& file) const;
  // One clip's files. Throws gramt::Error naming the clip for inconsistent shapes or non-finite values.
  void write_file(const std::string& split, const format::LabelledFile& file, const ClipEmbedding& embedding);
  // The split's files from its clips' files; every clip must have been written (by any process).
  void assemble_split(const std::string& split);

  // profile.embeddings.json and the done marker.
  void finish(double seconds_elapsed, const std::string& device_name);

 private:
  const TaskFolder& task_;
  std::string write_dir_, final_dir_;
  format::TaskFolderLayout source_;
  format::EmbeddingsFolderLayout output_;  // in write_dir_
  format::PythonRandom rng_{0};
};

}  // namespace gramt::eval::tasks

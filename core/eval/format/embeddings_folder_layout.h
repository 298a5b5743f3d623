#pragma once
// Where everything of one task's embeddings folder lives, as the HEAR embeddings runner lays it
// out (spec/eval.md §2.6-2.7) and both kits' predictors read it:
//   <embeddings>/<model tag>/<task>/
//     task_metadata.json, labelvocabulary.csv, <split>.json, <split>.clip-metadata.json   copies
//     <split>/<file>.embedding.npy, <file>.target-labels.json, <file>.timestamps.json (event)
//     <split>.embedding-dimensions.json, <split>.embeddings.npy, <split>.target-labels.pkl
//     <split>.filename-timestamps.json (event), profile.embeddings.json, .done.embeddings
// The prediction outputs (test.predicted-scores.json, ...) are named in
// predict/predicted_scores_file.h.
#include <string>

#include "core/eval/format/task_folder_layout.h"

namespace gramt::eval::format {

class EmbeddingsFolderLayout {
 public:
  explicit EmbeddingsFolderLayout(std::string root) : root_(std::move(root)), copies_(root_) {}
  EmbeddingsFolderLayout(const std::string& embeddings_dir, const std::string& model_tag, const std::string& task);

  const std::string& root() const { return root_; }
  // The task folder's files copied in, under their own names.
  const TaskFolderLayout& task_files() const { return copies_; }

  std::string split_dir(const std::string& split) const;
  std::string file_stem(const std::string& split, const std::string& file) const;  // <split>/<file>
  std::string file_embedding(const std::string& split, const std::string& file) const;
  std::string file_target_labels(const std::string& split, const std::string& file) const;
  std::string file_timestamps(const std::string& split, const std::string& file) const;
  std::string embedding_dimensions_file(const std::string& split) const;
  std::string embeddings_matrix_file(const std::string& split) const;
  std::string target_labels_pickle(const std::string& split) const;
  std::string filename_timestamps_file(const std::string& split) const;
  std::string profile_file() const;
  std::string done_file() const;  // the kits' marker of a complete folder

 private:
  std::string root_;
  TaskFolderLayout copies_;
};

}  // namespace gramt::eval::format

#include "core/eval/format/embeddings_folder_layout.h"

#include <filesystem>

namespace gramt::eval::format {

namespace fs = std::filesystem;

EmbeddingsFolderLayout::EmbeddingsFolderLayout(const std::string& embeddings_dir, const std::string& model_tag,
                                               const std::string& task)
    : EmbeddingsFolderLayout((fs::path(embeddings_dir) / model_tag / task).string()) {}

std::string EmbeddingsFolderLayout::split_dir(const std::string& split) const {
  return (fs::path(root_) / split).string();
}

std::string EmbeddingsFolderLayout::file_stem(const std::string& split, const std::string& file) const {
  return (fs::path(root_) / split / file).string();
}

std::string EmbeddingsFolderLayout::file_embedding(const std::string& split, const std::string& file) const {
  return file_stem(split, file) + ".embedding.npy";
}

std::string EmbeddingsFolderLayout::file_target_labels(const std::string& split, const std::string& file) const {
  return file_stem(split, file) + ".target-labels.json";
}

std::string EmbeddingsFolderLayout::file_timestamps(const std::string& split, const std::string& file) const {
  return file_stem(split, file) + ".timestamps.json";
}

std::string EmbeddingsFolderLayout::embedding_dimensions_file(const std::string& split) const {
  return (fs::path(root_) / (split + ".embedding-dimensions.json")).string();
}

std::string EmbeddingsFolderLayout::embeddings_matrix_file(const std::string& split) const {
  return (fs::path(root_) / (split + ".embeddings.npy")).string();
}

std::string EmbeddingsFolderLayout::target_labels_pickle(const std::string& split) const {
  return (fs::path(root_) / (split + ".target-labels.pkl")).string();
}

std::string EmbeddingsFolderLayout::filename_timestamps_file(const std::string& split) const {
  return (fs::path(root_) / (split + ".filename-timestamps.json")).string();
}

std::string EmbeddingsFolderLayout::profile_file() const { return (fs::path(root_) / "profile.embeddings.json").string(); }

std::string EmbeddingsFolderLayout::done_file() const { return (fs::path(root_) / ".done.embeddings").string(); }

}  // namespace gramt::eval::format

#include "core/eval/format/task_folder_layout.h"

#include <filesystem>

#include "core/eval/format/clip_metadata.h"

namespace gramt::eval::format {

namespace fs = std::filesystem;

namespace {
constexpr const char* kMetadataFile = "task_metadata.json";
constexpr const char* kVocabularyFile = "labelvocabulary.csv";
}  // namespace

bool TaskFolderLayout::is_task_folder(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(fs::path(path) / kMetadataFile, ec);
}

const char* TaskFolderLayout::metadata_file_name() { return kMetadataFile; }

std::string TaskFolderLayout::metadata_file() const { return (fs::path(root_) / kMetadataFile).string(); }

std::string TaskFolderLayout::vocabulary_file() const { return (fs::path(root_) / kVocabularyFile).string(); }

std::string TaskFolderLayout::split_labels_file(const std::string& split) const {
  return (fs::path(root_) / (split + ".json")).string();
}

std::string TaskFolderLayout::clip_metadata_file(const std::string& split) const {
  return (fs::path(root_) / clip_metadata_filename(split)).string();
}

std::string TaskFolderLayout::audio_dir(int sample_rate, const std::string& split) const {
  return (fs::path(root_) / std::to_string(sample_rate) / split).string();
}

std::string TaskFolderLayout::audio_file(int sample_rate, const std::string& split, const std::string& file) const {
  return (fs::path(audio_dir(sample_rate, split)) / file).string();
}

}  // namespace gramt::eval::format

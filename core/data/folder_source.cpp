#include "core/data/folder_source.h"

#include <sndfile.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/common/error.h"

namespace fs = std::filesystem;

namespace gramt::data {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> list_libsndfile_extensions() {
  std::vector<std::string> out;
  int count = 0;
  sf_command(nullptr, SFC_GET_FORMAT_MAJOR_COUNT, &count, sizeof(count));
  for (int i = 0; i < count; ++i) {
    SF_FORMAT_INFO info{};
    info.format = i;
    sf_command(nullptr, SFC_GET_FORMAT_MAJOR, &info, sizeof(info));
    // Headerless raw data cannot be decoded without being told its layout.
    if (info.extension != nullptr && std::string(info.extension) != "raw") out.push_back(lower(info.extension));
  }
  // Common spellings libsndfile opens but does not list.
  for (const char* alias : {"wave", "aif", "aifc", "ogg", "opus"}) out.push_back(alias);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool hidden(const fs::path& p) {
  const auto name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

}  // namespace

const std::vector<std::string>& audio_file_extensions() {
  static const std::vector<std::string> extensions = list_libsndfile_extensions();
  return extensions;
}

FolderSource::FolderSource(const std::string& folder) : folder_(folder) {
  std::error_code ec;
  if (!fs::exists(folder, ec)) throw Error("audio folder " + folder + " does not exist");
  if (!fs::is_directory(folder, ec)) throw Error("audio folder " + folder + " is not a folder");
  const auto& extensions = audio_file_extensions();
  try {
    fs::recursive_directory_iterator it(folder, fs::directory_options::follow_directory_symlink), end;
    for (; it != end; ++it) {
      if (hidden(it->path())) {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file()) continue;
      auto extension = lower(it->path().extension().string());
      if (!extension.empty()) extension.erase(0, 1);
      if (std::binary_search(extensions.begin(), extensions.end(), extension)) paths_.push_back(it->path().string());
    }
  } catch (const fs::filesystem_error& e) {
    throw Error("audio folder " + folder + ": cannot list: " + e.what());
  }
  if (paths_.empty()) throw Error("audio folder " + folder + " holds no audio files");
  std::sort(paths_.begin(), paths_.end());
}

void FolderSource::start_epoch(uint64_t) { cursor_ = 0; }

std::optional<AudioRecord> FolderSource::next_record() {
  if (cursor_ >= paths_.size()) return std::nullopt;
  return record(static_cast<int64_t>(cursor_++));
}

void FolderSource::keep_first(int64_t count) {
  if (count < 1) throw Error(describe() + ": a subset must keep at least one file");
  if (count < size()) paths_.resize(static_cast<size_t>(count));
  cursor_ = 0;
}

AudioRecord FolderSource::record(int64_t index) const {
  AudioRecord r;
  r.path = paths_.at(static_cast<size_t>(index));
  r.name = r.path;
  return r;
}

}  // namespace gramt::data

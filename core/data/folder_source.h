#pragma once
// A folder of audio files, searched recursively: every file whose extension is a format libsndfile
// reads (wav, flac, ogg, aiff, ...), hidden files and folders left out, in sorted path order so the
// same folder always gives the same list.
#include <string>
#include <vector>

#include "core/data/audio_source.h"

namespace gramt::data {

// Lower-case extensions (without dot) of the audio files a folder source picks up.
const std::vector<std::string>& audio_file_extensions();

class FolderSource : public AudioSource {
 public:
  // Lists the folder. Throws gramt::Error when it does not exist, is not a folder, cannot be
  // listed, or holds no audio file.
  explicit FolderSource(const std::string& folder);

  void start_epoch(uint64_t epoch) override;  // every pass is in sorted order
  std::optional<AudioRecord> next_record() override;
  std::string describe() const override { return "folder " + folder_; }

  int64_t size() const { return static_cast<int64_t>(paths_.size()); }
  const std::vector<std::string>& paths() const { return paths_; }
  // Record of the file at `index` of the sorted list.
  AudioRecord record(int64_t index) const;
  // Keeps only the first `count` files of the sorted list (a data subset, as data_ratio asks).
  void keep_first(int64_t count);

 private:
  std::string folder_;
  std::vector<std::string> paths_;
  size_t cursor_ = 0;
};

}  // namespace gramt::data

#pragma once
// Streaming one WebDataset shard: a tar archive (optionally gzip/xz/zstd compressed) whose members
// are grouped into samples by key. The key is the member path up to the first dot of its file name
// ("a/x.flac" and "a/x.json" → key "a/x"); the rest is the extension ("flac", "json",
// "seg.wav"). Members of one sample are adjacent in the archive, as WebDataset writes them.
#include <map>
#include <memory>
#include <optional>
#include <string>

struct archive;  // libarchive's reader handle

namespace gramt::data {

struct ShardSample {
  std::string key;
  std::map<std::string, std::string> members;  // lower-case extension → bytes
};

// Splits a member path into (key, lower-case extension); the extension is "" without a dot.
std::pair<std::string, std::string> split_member_name(const std::string& path);

class TarShardReader {
 public:
  // Opens the archive. Throws gramt::Error naming the file when it cannot be opened.
  explicit TarShardReader(const std::string& path);
  ~TarShardReader();
  TarShardReader(const TarShardReader&) = delete;
  TarShardReader& operator=(const TarShardReader&) = delete;

  // The next sample; nullopt at the end of the archive. Throws gramt::Error naming the shard and
  // the last good member when the archive is damaged (the reader is then finished).
  std::optional<ShardSample> next();

  const std::string& path() const { return path_; }

 private:
  struct Member {
    std::string key, extension, bytes;
  };
  std::optional<Member> read_member();

  std::string path_;
  struct ArchiveCloser {
    void operator()(::archive* a) const;
  };
  std::unique_ptr<::archive, ArchiveCloser> archive_;
  std::optional<Member> pending_;  // first member of the next sample, read ahead
  std::string last_member_;
  std::string deferred_error_;  // damage met while reading ahead, reported by the next call
  bool finished_ = false;
};

}  // namespace gramt::data

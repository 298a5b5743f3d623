#pragma once
// Appends one JSON object per line to a file (the run folder's metrics.jsonl), so a dashboard can
// tail it while training runs. Each line reaches the file in a single write(): a reader never sees
// a line mixed with another, and a killed writer leaves at most one incomplete last line, which
// the reader skips and the next writer removes.
#include <nlohmann/json.hpp>
#include <string>

namespace gramt::io {

struct JsonlWriterOptions {
  // Seconds between fsyncs (data to disk, beyond the kernel's cache); 0 = after every line.
  // Lines are visible to readers at once either way; this only bounds loss on a power cut.
  double sync_interval_seconds = 1.0;
};

class JsonlWriter {
 public:
  // Opens `path` for appending (creating it and its folder). An incomplete last line left by a
  // killed writer is cut off first. Throws gramt::Error naming the path on failure.
  explicit JsonlWriter(const std::string& path, JsonlWriterOptions options = {});
  ~JsonlWriter();
  JsonlWriter(const JsonlWriter&) = delete;
  JsonlWriter& operator=(const JsonlWriter&) = delete;

  // Writes `record` (a JSON object) as one line. NaN/Inf numbers become null (JSON has none);
  // invalid UTF-8 in strings is replaced. Throws gramt::Error for a non-object or a failed write.
  void append(const nlohmann::json& record);
  // Forces the file to disk now.
  void sync();

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  JsonlWriterOptions options_;
  int fd_ = -1;
  double last_sync_ = 0.0;
};

}  // namespace gramt::io

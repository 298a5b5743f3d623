#pragma once
// Reads JSON Lines written by JsonlWriter, tolerating a writer that is still at work: a last line
// without its '\n' is not complete yet and is left for the next read.
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace gramt::io {

struct JsonlContents {
  std::vector<nlohmann::json> records;
  bool incomplete_tail = false;  // the file ended inside a line (skipped)
};

// Reads the whole file. Throws gramt::Error naming file and line for a complete line that is not
// JSON, or when the file cannot be read. Empty lines are skipped.
JsonlContents read_jsonl_file(const std::string& path);

// Follows a growing file: each poll() returns the records completed since the previous one.
class JsonlTail {
 public:
  explicit JsonlTail(std::string path) : path_(std::move(path)) {}

  // New complete records; none if the file does not exist (yet). If the file was replaced or got
  // shorter (a new run), reading starts again from the beginning and `restarted()` turns true.
  // Throws gramt::Error naming file and line for a complete line that is not JSON (that line is
  // consumed: the next poll goes on after it).
  std::vector<nlohmann::json> poll();

  // The raw form for readers that parse (and forgive) lines themselves: calls on_line for each
  // line completed since the previous poll, with its 1-based line number; blank lines included.
  // Reads only the bytes past offset(), in bounded chunks. Returns the number of lines passed on.
  using LineHandler = std::function<void(std::string_view line, int64_t line_no)>;
  int64_t poll_lines(const LineHandler& on_line);

  bool restarted() const { return restarted_; }
  int64_t restarts() const { return restarts_; }  // how often reading started over
  int64_t offset() const { return offset_; }

 private:
  std::string path_;
  int64_t offset_ = 0;    // bytes consumed: always just after a '\n'
  int64_t line_no_ = 0;   // lines consumed, for error messages
  uint64_t inode_ = 0;    // of the file read last, to notice a replacement
  bool restarted_ = false;
  int64_t restarts_ = 0;
};

}  // namespace gramt::io

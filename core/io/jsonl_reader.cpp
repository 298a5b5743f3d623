#include "core/io/jsonl_reader.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "core/common/error.h"

namespace gramt::io {
namespace {

// Parses the complete lines of `text` (up to its last '\n'); returns the bytes consumed.
std::size_t parse_lines(const std::string& text, const std::string& path, int64_t& line_no,
                        std::vector<nlohmann::json>& out) {
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) return start;
    ++line_no;
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      out.push_back(nlohmann::json::parse(line));
    } catch (const nlohmann::json::parse_error& e) {
      throw Error(path + ":" + std::to_string(line_no) + ": not valid JSON: " + e.what());
    }
  }
}

}  // namespace

JsonlContents read_jsonl_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open: " + std::strerror(errno));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(path + ": read failed");
  JsonlContents contents;
  int64_t line_no = 0;
  const std::size_t used = parse_lines(text, path, line_no, contents.records);
  contents.incomplete_tail = used < text.size();
  return contents;
}

std::vector<nlohmann::json> JsonlTail::poll() {
  std::vector<nlohmann::json> records;
  poll_lines([&](std::string_view line, int64_t line_no) {
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;
    try {
      records.push_back(nlohmann::json::parse(line));
    } catch (const nlohmann::json::parse_error& e) {
      throw Error(path_ + ":" + std::to_string(line_no) + ": not valid JSON: " + e.what());
    }
  });
  return records;
}

int64_t JsonlTail::poll_lines(const LineHandler& on_line) {
  std::ifstream in(path_, std::ios::binary);
  if (!in) return 0;
  struct stat info {};
  const bool have_inode = ::stat(path_.c_str(), &info) == 0;
  in.seekg(0, std::ios::end);
  const auto size = static_cast<int64_t>(in.tellg());
  const bool replaced = have_inode && inode_ != 0 && static_cast<uint64_t>(info.st_ino) != inode_;
  if (have_inode) inode_ = static_cast<uint64_t>(info.st_ino);
  if (size < offset_ || replaced) {
    offset_ = 0;
    line_no_ = 0;
    restarted_ = true;
    ++restarts_;
  }
  // Chunks keep memory bounded on a large file; a line cut by a chunk's end moves to the next one.
  constexpr int64_t kChunk = 4 << 20;
  in.seekg(offset_);
  std::string buffer;
  int64_t lines = 0, position = offset_;
  while (position < size) {
    const std::size_t carried = buffer.size();
    const int64_t want = std::min(kChunk, size - position);
    buffer.resize(carried + static_cast<std::size_t>(want));
    in.read(buffer.data() + carried, want);
    const auto got = static_cast<int64_t>(in.gcount());
    buffer.resize(carried + static_cast<std::size_t>(got));
    position += got;
    std::size_t start = 0;
    for (std::size_t end; (end = buffer.find('\n', start)) != std::string::npos; start = end + 1) {
      ++line_no_;
      ++lines;
      offset_ += static_cast<int64_t>(end + 1 - start);
      on_line(std::string_view(buffer.data() + start, end - start), line_no_);
    }
    buffer.erase(0, start);
    if (got < want) break;  // the file shrank while reading; the next poll notices
  }
  return lines;
}

}  // namespace gramt::io

#include "core/io/jsonl_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "core/common/error.h"

namespace gramt::io {
namespace {

double monotonic_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// Length of the file up to and including its last '\n' (0 if it has none).
off_t complete_length(int fd, off_t size, const std::string& path) {
  char buffer[4096];
  off_t end = size;
  while (end > 0) {
    const off_t start = end > static_cast<off_t>(sizeof(buffer)) ? end - static_cast<off_t>(sizeof(buffer)) : 0;
    const ssize_t n = ::pread(fd, buffer, static_cast<std::size_t>(end - start), start);
    if (n != end - start) throw Error(path + ": cannot read the end of the file: " + std::strerror(errno));
    for (ssize_t i = n - 1; i >= 0; --i)
      if (buffer[i] == '\n') return start + i + 1;
    end = start;
  }
  return 0;
}

}  // namespace

JsonlWriter::JsonlWriter(const std::string& path, JsonlWriterOptions options) : path_(path), options_(options) {
  const std::filesystem::path p(path);
  if (p.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(p.parent_path(), ec);
    if (ec) throw Error(path + ": cannot create folder " + p.parent_path().string() + ": " + ec.message());
  }
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error(path + ": cannot open for appending: " + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd_, &info) != 0) {
    ::close(fd_);
    throw Error(path + ": cannot stat: " + std::strerror(errno));
  }
  try {
    const off_t keep = complete_length(fd_, info.st_size, path);
    if (keep != info.st_size && ::ftruncate(fd_, keep) != 0)
      throw Error(path + ": cannot remove an incomplete last line: " + std::strerror(errno));
  } catch (...) {
    ::close(fd_);
    throw;
  }
  last_sync_ = monotonic_seconds();
}

JsonlWriter::~JsonlWriter() {
  if (fd_ < 0) return;
  ::fdatasync(fd_);
  ::close(fd_);
}

void JsonlWriter::append(const nlohmann::json& record) {
  if (!record.is_object()) throw Error(path_ + ": a metrics record must be a JSON object, got " + record.dump());
  std::string line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line.push_back('\n');
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(path_ + ": write failed: " + std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
  const double now = monotonic_seconds();
  if (now - last_sync_ >= options_.sync_interval_seconds) {
    ::fdatasync(fd_);
    last_sync_ = now;
  }
}

void JsonlWriter::sync() {
  if (::fdatasync(fd_) != 0) throw Error(path_ + ": fsync failed: " + std::strerror(errno));
  last_sync_ = monotonic_seconds();
}

}  // namespace gramt::io

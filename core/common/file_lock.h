#pragma once
// An advisory lock on a file (flock), held while the object lives and released by the system when
// the process dies, even by SIGKILL: the guard for work that two processes must not do at once
// (one shard of one task, assembling a task). The file keeps the holder's host and pid, for the
// message the next process gives.
#include <optional>
#include <string>

namespace gramt {

class FileLock {
 public:
  // The lock, or nullopt when another process holds it (`holder` then gets its "host pid N" line
  // when it wrote one). Throws gramt::Error when the file cannot be created.
  static std::optional<FileLock> try_acquire(const std::string& path, std::string* holder = nullptr);

  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace gramt

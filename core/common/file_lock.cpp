#include "core/common/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/common/error.h"

namespace gramt {

std::optional<FileLock> FileLock::try_acquire(const std::string& path, std::string* holder) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(path + ": cannot create the lock file (" + std::strerror(errno) + ")");
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (holder != nullptr) {
      char buffer[256] = {};
      const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
      *holder = n > 0 ? std::string(buffer, static_cast<size_t>(n)) : std::string("another process");
    }
    ::close(fd);
    return std::nullopt;
  }
  char host[128] = {};
  ::gethostname(host, sizeof host - 1);
  const std::string who = std::string(host) + " pid " + std::to_string(::getpid());
  if (::ftruncate(fd, 0) == 0) {
    const ssize_t written = ::pwrite(fd, who.data(), who.size(), 0);
    (void)written;  // the holder line is a courtesy; the lock itself is what matters
  }
  return FileLock(fd);
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

}  // namespace gramt

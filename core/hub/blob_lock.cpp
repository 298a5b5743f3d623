#include "core/hub/blob_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "core/common/error.h"

namespace gramt::hub {

BlobLock::BlobLock(const std::filesystem::path& lock_file, const std::atomic<bool>* cancel, const std::function<void()>& on_wait) {
  std::error_code ec;
  std::filesystem::create_directories(lock_file.parent_path(), ec);
  if (ec)
    throw Error("cannot create the cache folder " + lock_file.parent_path().string() + ": " + ec.message() +
                " (set HF_HUB_CACHE to a folder you can write to)");
  fd_ = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw Error("cannot create the lock file " + lock_file.string() + ": " + std::strerror(errno) +
                " (set HF_HUB_CACHE to a folder you can write to)");
  bool said = false;
  // Polled rather than a blocking flock, so that Cancel (Ctrl-C, the workbench's button) still works.
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      const int e = errno;
      ::close(fd_);
      throw Error("cannot lock " + lock_file.string() + ": " + std::strerror(e));
    }
    if (!said && on_wait) on_wait();
    said = true;
    if (cancel && cancel->load()) {
      ::close(fd_);
      throw Cancelled();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

BlobLock::~BlobLock() {
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
}

}  // namespace gramt::hub

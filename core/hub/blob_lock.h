#pragma once
// One writer per blob: two downloads of the same file (the workbench's dialog and a command line,
// say) would otherwise append to the same .incomplete part. The lock files sit where the hub's own
// tools keep theirs (<cache>/.locks/models--org--name/<etag>.lock), so they wait for each other too
// where their lock kinds agree (flock on Linux).
#include <atomic>
#include <filesystem>
#include <functional>
#include <string>

namespace gramt::hub {

class BlobLock {
 public:
  // Blocks until the lock is held. on_wait is called once if another process holds it; a set
  // cancel flag ends the wait with gramt::Cancelled. gramt::Error when the lock file cannot be made.
  BlobLock(const std::filesystem::path& lock_file, const std::atomic<bool>* cancel,
           const std::function<void()>& on_wait);
  ~BlobLock();
  BlobLock(const BlobLock&) = delete;
  BlobLock& operator=(const BlobLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace gramt::hub

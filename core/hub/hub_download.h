#pragma once
// Downloading a model repository's files into the hub's cache (`gramt-cli pull`, and hf:// weights
// that are not cached yet). Protocol: HEAD {endpoint}/{repo}/resolve/{revision}/{file} without
// following redirects gives the commit (X-Repo-Commit), the blob's ETag (X-Linked-Etag for files
// kept in LFS: their SHA-256; ETag otherwise) and size (X-Linked-Size or Content-Length); then GET,
// following redirects, into blobs/<etag>.incomplete, resumed with a Range request where a previous
// try stopped, checked (SHA-256 for LFS files, size for the others) and renamed into place. The
// cache never holds a blob whose check failed.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/hub/hub_reference.h"
#include "core/hub/hub_settings.h"

namespace gramt::hub {

struct DownloadStatus {
  std::string file;
  uint64_t done_bytes = 0;    // bytes of the file on disk so far (a resumed part included)
  uint64_t total_bytes = 0;   // 0 when the server did not say
  uint64_t resumed_from = 0;  // bytes that were already there when this try began
  double seconds = 0;         // since this file's transfer began
};

struct PullParams {
  HubReference ref;
  std::vector<std::string> files{"model.safetensors"};  // each must exist in the repo
  std::vector<std::string> optional_files{"config.json", "README.md"};  // where the repo has them (README.md: the licence)
  HubSettings settings;
  std::function<void(const DownloadStatus&)> on_progress;
  std::function<void(const std::string&)> on_note;  // e.g. "a corrupted blob was discarded"
  const std::atomic<bool>* cancel = nullptr;         // stops the transfer; the part stays for a resume
};

struct PulledFile {
  std::string name;
  std::filesystem::path path;  // snapshots/<commit>/<name>
  std::string etag;            // the SHA-256 for LFS files, the git blob hash for the others
  bool lfs = false;
  uint64_t size = 0;
  uint64_t downloaded_bytes = 0;  // 0 when the cache already held it
};

struct PullResult {
  HubReference ref;
  std::string commit;
  std::vector<PulledFile> files;  // the optional files only where the repo has them
};

// Downloads what the cache lacks and links the snapshot. With settings.offline only the cache is
// read. Throws gramt::Error with one line naming the repo, the file and what failed;
// gramt::Cancelled when cancelled.
PullResult pull_from_hub(const PullParams& params);

// True when a blob's bytes match its name: the SHA-256 for a 64-hex ETag (an LFS file), else
// `expected_size` when known. Used before a cached blob is trusted.
bool blob_is_intact(const std::filesystem::path& blob, const std::string& etag, uint64_t expected_size = 0);

}  // namespace gramt::hub

#pragma once
// A stand-in for the Hugging Face hub on 127.0.0.1, started by a test: the resolve URLs with the
// hub's headers (X-Repo-Commit, X-Linked-Etag, X-Linked-Size, X-Error-Code), a 302 to a "CDN" path
// for LFS files that honours Range requests, 401 for a private repo without its token, and faults
// on demand (a body cut off half way, a body whose bytes do not match its SHA-256).
//
// Written on POSIX sockets rather than cpp-httplib: Debian 12 ships cpp-httplib as a compiled
// library whose HEAD handling and connection teardown we could not steer, and cutting a response
// off at an exact byte is one close() here.
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace gramt::test {

struct FakeRepo {
  std::string repo;                              // "org/name"
  std::map<std::string, std::string> refs;       // revision -> commit (40 hex)
  std::map<std::string, std::string> files;      // file name -> bytes (the same at every commit)
  bool private_repo = false;                     // needs "Authorization: Bearer <token>"
  std::string token;
  bool gated = false;                            // 403 for everybody (terms not accepted)
};

class LoopbackHub {
 public:
  LoopbackHub();
  ~LoopbackHub();
  LoopbackHub(const LoopbackHub&) = delete;
  LoopbackHub& operator=(const LoopbackHub&) = delete;

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void add_repo(const FakeRepo& repo);

  // The next blob body stops after `bytes` (the connection closes with the length still owed).
  void cut_next_body_after(size_t bytes);
  // The next blob body has one byte changed (same length).
  void corrupt_next_body();

  int blob_requests() const { return blob_requests_.load(); }
  size_t blob_bytes_sent() const { return blob_bytes_sent_.load(); }
  std::string last_range() const;

 private:
  void serve();
  void answer(int client);

  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::map<std::string, FakeRepo> repos_;
  size_t cut_after_ = 0;
  bool corrupt_ = false;
  std::string last_range_;
  std::atomic<int> blob_requests_{0};
  std::atomic<size_t> blob_bytes_sent_{0};
};

// Files above this size are served as LFS files (302 to a blob URL, SHA-256 ETag), like the hub's
// rule for weights; smaller ones in place with a git-style ETag.
constexpr size_t kLfsThreshold = 1024;

}  // namespace gramt::test

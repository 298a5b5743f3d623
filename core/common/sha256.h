#pragma once
// SHA-256 (FIPS 180-4) of a file or of bytes, as lowercase hex. The results file records the hash
// of the weights it scored, and the hub cache keeps only blobs whose hash is their name; written
// here because the project links no crypto library.
#include <cstddef>
#include <cstdint>
#include <string>

namespace gramt {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, size_t size);
  void update(const std::string& bytes) { update(bytes.data(), bytes.size()); }
  // 64 lowercase hex digits; the object is spent afterwards.
  std::string hex_digest();

 private:
  void compress(const uint8_t* block);
  uint32_t state_[8];
  uint8_t buffer_[64];
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

std::string sha256_hex(const std::string& bytes);
// Streams the file; gramt::Error naming it when it cannot be read.
std::string file_sha256_hex(const std::string& path);

}  // namespace gramt

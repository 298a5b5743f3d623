#pragma once
// Readers that take a path get the fuzzer's bytes through one scratch file per process (in
// /dev/shm where it exists, so each execution costs no disk write).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace gramt::fuzz {

inline std::string scratch_path(const std::string& suffix) {
  const std::filesystem::path dir = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
  return (dir / ("gramt-fuzz-" + std::to_string(::getpid()) + suffix)).string();
}

inline std::string write_input(const uint8_t* data, size_t size, const std::string& suffix) {
  const std::string path = scratch_path(suffix);
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

}  // namespace gramt::fuzz

#include "core/common/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

#include "core/common/error.h"

namespace gramt {
namespace {

constexpr const char* kTemporaryMark = ".tmp-";

std::string temporary_sibling(const std::string& path) {
  std::random_device rd;
  return path + kTemporaryMark + std::to_string(::getpid()) + "-" + std::to_string(rd() & 0xffffff);
}

void fsync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return;  // best effort: some filesystems refuse to open folders
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  if (target.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) throw Error(path + ": cannot create folder " + target.parent_path().string() + ": " + ec.message());
  }
  const std::string tmp = temporary_sibling(path);
  try {
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) throw Error(path + ": cannot open for writing: " + std::strerror(errno));
      write(out);
      out.flush();
      if (!out) throw Error(path + ": write failed: " + std::strerror(errno));
    }
    fsync_path(tmp, O_RDONLY);
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
      throw Error(path + ": cannot rename temporary file into place: " + std::strerror(errno));
    fsync_path(target.has_parent_path() ? target.parent_path().string() : ".", O_RDONLY | O_DIRECTORY);
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
  write_file_atomically(path, [&](std::ostream& out) { out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())); });
}

void remove_abandoned_temporaries(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> abandoned;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const size_t mark = name.rfind(kTemporaryMark);
    // <name>.tmp-<pid>-<random>: digits and one dash after the mark.
    if (mark == std::string::npos || !it->is_regular_file(ec)) continue;
    const std::string tail = name.substr(mark + std::strlen(kTemporaryMark));
    if (!tail.empty() && tail.find_first_not_of("0123456789-") == std::string::npos) abandoned.push_back(it->path());
  }
  for (const fs::path& p : abandoned) fs::remove(p, ec);
}

}  // namespace gramt

#include "core/io/config/config_dir.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "core/common/error.h"

namespace gramt::config {
namespace {

namespace fs = std::filesystem;

bool holds_primary(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "base.yaml", ec);
}

fs::path executable_folder() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

}  // namespace

std::string locate_config_dir(const std::string& explicit_dir) {
  if (!explicit_dir.empty()) {
    if (!holds_primary(explicit_dir)) throw Error("config folder " + explicit_dir + ": no base.yaml in it");
    return explicit_dir;
  }
  if (const char* env = std::getenv("GRAMT_CONFIG_DIR"); env != nullptr && *env != '\0') {
    if (!holds_primary(env)) throw Error("GRAMT_CONFIG_DIR=" + std::string(env) + ": no base.yaml in that folder");
    return env;
  }
  std::vector<std::string> searched;
  for (fs::path dir = executable_folder(); !dir.empty(); dir = dir.parent_path()) {
    for (const fs::path& candidate : {dir / "configs", dir / "share" / "gramt" / "configs"}) {
      if (holds_primary(candidate)) return candidate.string();
    }
    searched.push_back(dir.string());
    if (dir == dir.root_path()) break;
  }
  if (holds_primary("configs")) return fs::absolute("configs").string();
  std::string list;
  for (const auto& s : searched) list += (list.empty() ? "" : ", ") + s;
  throw Error("no training configs found: give --config-dir or set GRAMT_CONFIG_DIR (searched configs/ and "
              "share/gramt/configs/ in " + list + ", and ./configs)");
}

}  // namespace gramt::config

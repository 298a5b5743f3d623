#include "core/eval/benchmark/tasks_version.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/eval/benchmark/sha256.h"
#include "core/eval/format/task_folder_layout.h"

namespace gramt::eval::benchmark {

namespace fs = std::filesystem;

std::string tasks_version(const std::string& tasks_dir, const std::vector<std::string>& task_names) {
  std::vector<std::string> names = task_names;
  std::sort(names.begin(), names.end());
  Sha256 hash;
  std::set<std::string> generators;
  bool every_task_generated = !names.empty();
  for (const std::string& name : names) {
    std::ifstream in(format::TaskFolderLayout((fs::path(tasks_dir) / name).string()).metadata_file(), std::ios::binary);
    if (!in) {
      every_task_generated = false;
      continue;
    }
    std::stringstream bytes;
    bytes << in.rdbuf();
    hash.update(name);
    hash.update("\n", 1);
    hash.update(bytes.str());
    const nlohmann::json metadata = nlohmann::json::parse(bytes.str(), nullptr, false);
    const nlohmann::json* generator =
        metadata.is_object() && metadata.contains("generator") ? &metadata["generator"] : nullptr;
    if (generator == nullptr || !generator->is_object()) {
      every_task_generated = false;
      continue;
    }
    std::string text = generator->value("program", std::string("?"));
    if (generator->contains("seed")) text += " seed=" + (*generator)["seed"].dump();
    if (generator->contains("size") && (*generator)["size"].is_string()) text += " size=" + (*generator)["size"].get<std::string>();
    generators.insert(text);
  }
  std::string version;
  if (every_task_generated) {
    for (const std::string& g : generators) version += (version.empty() ? "" : ", ") + g;
    version += "; ";
  }
  return version + "metadata sha256 " + hash.hex_digest().substr(0, 16);
}

}  // namespace gramt::eval::benchmark

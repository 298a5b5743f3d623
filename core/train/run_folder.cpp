#include "core/train/run_folder.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace gramt::train {
namespace fs = std::filesystem;
namespace {

constexpr const char* kStepPrefix = "step-";

std::string step_name(int64_t step) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "step-%08lld", static_cast<long long>(step));
  return buf;
}

// "step-00000123<rest>" -> 123 and <rest>; false for any other name.
bool split_step_name(const std::string& name, int64_t& step, std::string& rest) {
  const std::size_t prefix = std::char_traits<char>::length(kStepPrefix);
  if (name.compare(0, prefix, kStepPrefix) != 0) return false;
  std::size_t end = prefix;
  while (end < name.size() && name[end] >= '0' && name[end] <= '9') ++end;
  if (end == prefix || end - prefix > 18) return false;
  step = std::stoll(name.substr(prefix, end - prefix));
  rest = name.substr(end);
  return true;
}

bool exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

}  // namespace

RunFolder::RunFolder(std::string dir) : dir_(std::move(dir)) {}

std::optional<RunFolder> RunFolder::of_checkpoint(const std::string& weights_path) {
  const fs::path folder = fs::path(weights_path).parent_path();
  if (folder.filename() != "checkpoints" || folder.parent_path().filename().empty()) return std::nullopt;
  return RunFolder(folder.parent_path().string());
}

std::string RunFolder::config_path() const { return (fs::path(dir_) / "config.yaml").string(); }
std::string RunFolder::metrics_path() const { return (fs::path(dir_) / "metrics.jsonl").string(); }
std::string RunFolder::status_path() const { return (fs::path(dir_) / "status.json").string(); }
std::string RunFolder::tensorboard_dir() const { return (fs::path(dir_) / "tb").string(); }
std::string RunFolder::images_dir() const { return (fs::path(dir_) / "images").string(); }
std::string RunFolder::checkpoints_dir() const { return (fs::path(dir_) / "checkpoints").string(); }

std::string RunFolder::image_path(int64_t step, const std::string& tag) const {
  return (fs::path(images_dir()) / (step_name(step) + "-" + tag + ".png")).string();
}

std::map<int64_t, std::vector<std::string>> RunFolder::image_steps() const {
  std::map<int64_t, std::vector<std::string>> steps;
  std::error_code ec;
  for (fs::directory_iterator it(images_dir(), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    int64_t step = 0;
    std::string rest;
    // rest is "-<tag>.png"; temporaries of the atomic writer end differently and are skipped.
    if (!split_step_name(name, step, rest) || rest.size() <= 5 || rest[0] != '-' ||
        rest.compare(rest.size() - 4, 4, ".png") != 0)
      continue;
    steps[step].push_back(rest.substr(1, rest.size() - 5));
  }
  for (auto& [step, tags] : steps) std::sort(tags.begin(), tags.end());
  return steps;
}

std::string RunFolder::checkpoint_weights_path(int64_t step) const {
  return (fs::path(checkpoints_dir()) / (step_name(step) + ".safetensors")).string();
}

std::string RunFolder::checkpoint_state_path(int64_t step) const {
  return (fs::path(checkpoints_dir()) / (step_name(step) + ".state.safetensors")).string();
}

std::vector<int64_t> RunFolder::checkpoint_steps() const {
  std::vector<int64_t> steps;
  std::error_code ec;
  for (fs::directory_iterator it(checkpoints_dir(), ec), end; !ec && it != end; it.increment(ec)) {
    int64_t step = 0;
    std::string rest;
    // The state file is written first, so a weights file whose state file exists is complete.
    if (split_step_name(it->path().filename().string(), step, rest) && rest == ".safetensors" &&
        exists(checkpoint_state_path(step)))
      steps.push_back(step);
  }
  std::sort(steps.begin(), steps.end());
  return steps;
}

bool RunFolder::looks_like_run() const { return exists(config_path()) || exists(metrics_path()); }

std::vector<RunFolder> find_run_folders(const std::string& runs_root) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(runs_root, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code dir_ec;
    if (it->is_directory(dir_ec) && RunFolder(it->path().string()).looks_like_run()) names.push_back(it->path().string());
  }
  std::sort(names.begin(), names.end());
  std::vector<RunFolder> runs;
  for (auto& name : names) runs.emplace_back(std::move(name));
  return runs;
}

}  // namespace gramt::train

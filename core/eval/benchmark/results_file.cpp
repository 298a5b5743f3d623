#include "core/eval/benchmark/results_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/io/json_file.h"
#include "core/eval/format/python_json.h"
#include "core/eval/scores/score_registry.h"

namespace gramt::eval::benchmark {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

// JSON has no NaN: a missing value is written as null.
Json number_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

// Reads fields of one JSON object, naming the file and the field's path in every error.
class FieldReader {
 public:
  FieldReader(const Json& object, std::string file, std::string where)
      : object_(object), file_(std::move(file)), where_(std::move(where)) {
    if (!object_.is_object()) fail(where_.empty() ? "the file" : where_, "must be a JSON object");
  }

  bool has(const std::string& key) const { return object_.contains(key) && !object_[key].is_null(); }
  const Json& raw(const std::string& key) const { return object_[key]; }

  std::string text(const std::string& key, const std::string& fallback) const {
    if (!has(key)) return fallback;
    if (!object_[key].is_string()) fail(field(key), "must be a string");
    return object_[key].get<std::string>();
  }
  std::string required_text(const std::string& key) const {
    if (!object_.contains(key)) fail(field(key), "is missing");
    return text(key, "");
  }
  double number(const std::string& key) const {  // null or absent -> NaN
    if (!has(key)) return NAN;
    if (!object_[key].is_number()) fail(field(key), "must be a number or null");
    return object_[key].get<double>();
  }
  int64_t integer(const std::string& key, int64_t fallback) const {
    if (!has(key)) return fallback;
    if (!object_[key].is_number_integer()) fail(field(key), "must be an integer");
    return object_[key].get<int64_t>();
  }
  bool boolean(const std::string& key, bool fallback) const {
    if (!has(key)) return fallback;
    if (!object_[key].is_boolean()) fail(field(key), "must be true or false");
    return object_[key].get<bool>();
  }
  const Json& array(const std::string& key) const {
    if (!object_.contains(key)) fail(field(key), "is missing");
    if (!object_[key].is_array()) fail(field(key), "must be a list");
    return object_[key];
  }
  std::string field(const std::string& key) const { return where_.empty() ? key : where_ + "." + key; }
  [[noreturn]] void fail(const std::string& what, const std::string& problem) const {
    throw Error(file_ + ": " + what + " " + problem);
  }

 private:
  const Json& object_;
  std::string file_;
  std::string where_;
};

ScoreProtocol unknown_protocol(const std::string& model_tag) {
  ScoreProtocol p;
  for (std::string* field : {&p.weights_path, &p.weights_sha256, &p.strategy, &p.grid, &p.kit, &p.tasks_dir,
                             &p.tasks_version, &p.date})
    *field = kUnknownProtocolField;
  p.model_tag = model_tag;
  return p;
}

ScoreProtocol read_protocol(const FieldReader& file, const std::string& path) {
  if (!file.has("protocol")) file.fail("protocol", "is missing");
  const FieldReader p(file.raw("protocol"), path, "protocol");
  ScoreProtocol protocol;
  protocol.weights_path = p.text("weights_path", "");
  protocol.weights_sha256 = p.text("weights_sha256", "");
  protocol.model_tag = p.text("model_tag", "");
  protocol.strategy = p.text("strategy", "");
  protocol.grid = p.text("grid", "");
  protocol.grid_points = p.integer("grid_points", 0);
  protocol.kit = p.text("kit", "");
  protocol.probe = p.text("probe", kMlpProbe);
  protocol.layer = p.integer("layer", -1);
  protocol.tasks_dir = p.text("tasks_dir", "");
  protocol.tasks_version = p.text("tasks_version", "");
  protocol.date = p.text("date", "");
  if (p.has("seeds")) {
    const Json& seeds = p.array("seeds");
    for (size_t i = 0; i < seeds.size(); ++i) {
      if (!seeds[i].is_number_unsigned()) p.fail("protocol.seeds[" + std::to_string(i) + "]", "must be a whole number >= 0");
      protocol.seeds.push_back(seeds[i].get<uint64_t>());
    }
  }
  return protocol;
}

// Fields both versions share; version 1 has one value per task ("test_score"), version 2 one per
// seed ("values").
TaskScore read_task(const Json& json, const std::string& path, size_t index, int version, const std::string& folder) {
  const FieldReader t(json, path, "tasks[" + std::to_string(index) + "]");
  TaskScore task;
  task.task = t.required_text("task");
  task.status = t.text("status", "ok");
  task.error = t.text("error", "");
  task.primary_score = t.text("primary_score", "");
  task.naive = t.number("naive_score");
  task.normalised = t.number("normalised_score");
  task.scores_path = t.text("scores_path", "");
  if (t.has("test_scores")) {
    if (!t.raw("test_scores").is_object()) t.fail(t.field("test_scores"), "must be a JSON object");
    task.test_scores = t.raw("test_scores");
  }
  if (version == 1) {
    const double value = t.number("test_score");
    if (task.status == "ok" || std::isfinite(value)) task.values.push_back(value);
    summarise_seed_values(task);
    task.lower_is_better = score_lower_is_better(task.primary_score);
    // The kit file sits in the task's embeddings folder; older files only name that file.
    task.task_dir = !task.scores_path.empty() ? fs::path(task.scores_path).parent_path().string()
                                              : (fs::path(folder) / task.task).string();
    return task;
  }
  if (t.has("values")) {
    const Json& values = t.array("values");
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i].is_null()) {
        task.values.push_back(NAN);
      } else if (values[i].is_number()) {
        task.values.push_back(values[i].get<double>());
      } else {
        t.fail(t.field("values[" + std::to_string(i) + "]"), "must be a number or null");
      }
    }
  }
  if (t.has("normalised_values")) {
    const Json& values = t.array("normalised_values");
    for (size_t i = 0; i < values.size(); ++i) {
      if (!values[i].is_null() && !values[i].is_number())
        t.fail(t.field("normalised_values[" + std::to_string(i) + "]"), "must be a number or null");
      task.normalised_values.push_back(values[i].is_null() ? NAN : values[i].get<double>());
    }
  }
  summarise_seed_values(task);  // recomputed, so mean and std always agree with the values
  task.lower_is_better = t.boolean("lower_is_better", score_lower_is_better(task.primary_score));
  task.task_dir = t.text("task_dir", (fs::path(folder) / task.task).string());
  return task;
}

}  // namespace

bool score_lower_is_better(const std::string& score_name) {
  try {
    const scores::ScoreInfo& info = scores::score_info(score_name);
    return !info.maximize || info.input == scores::ScoreInput::kLocalization;
  } catch (const Error&) {
    return false;  // a score this build does not know: assume the usual "higher is better"
  }
}

void summarise_seed_values(TaskScore& task) {
  double sum = 0.0;
  size_t n = 0;
  for (double v : task.values) {
    if (std::isfinite(v)) {
      sum += v;
      ++n;
    }
  }
  task.mean = n > 0 ? sum / static_cast<double>(n) : NAN;
  task.std = NAN;
  if (n >= 2) {
    double squares = 0.0;
    for (double v : task.values) {
      if (std::isfinite(v)) squares += (v - task.mean) * (v - task.mean);
    }
    task.std = std::sqrt(squares / static_cast<double>(n - 1));
  }
}

NormalisedMean normalised_mean(const std::vector<TaskScore>& tasks) {
  NormalisedMean m;
  double sum = 0.0;
  for (const TaskScore& t : tasks) {
    if (t.status != "ok") {
      m.complete = false;
      continue;
    }
    if (std::isfinite(t.normalised)) {
      sum += t.normalised;
      ++m.tasks;
    } else if (std::isfinite(t.naive)) {
      m.complete = false;  // a baseline exists but the score does not (NaN test score)
    }
  }
  if (m.tasks > 0) m.mean = sum / static_cast<double>(m.tasks);
  // Seed by seed: only when every task in the mean has the same number of finite per-seed values.
  size_t seeds = 0;
  bool per_seed_known = m.tasks > 0;
  for (const TaskScore& t : tasks) {
    if (t.status != "ok" || !std::isfinite(t.normalised)) continue;
    const bool all_finite =
        std::all_of(t.normalised_values.begin(), t.normalised_values.end(), [](double v) { return std::isfinite(v); });
    if (!all_finite || t.normalised_values.empty() || (seeds != 0 && t.normalised_values.size() != seeds)) per_seed_known = false;
    seeds = t.normalised_values.size();
  }
  if (per_seed_known && seeds >= 2) {
    m.per_seed.assign(seeds, 0.0);
    for (const TaskScore& t : tasks) {
      if (t.status != "ok" || !std::isfinite(t.normalised)) continue;
      for (size_t k = 0; k < seeds; ++k) m.per_seed[k] += t.normalised_values[k] / static_cast<double>(m.tasks);
    }
    TaskScore spread;
    spread.values = m.per_seed;
    summarise_seed_values(spread);
    m.std = spread.std;
  }
  return m;
}

ResultsFile read_results_file(const std::string& path) {
  const std::string bytes = io::read_text_file(path, "results file");
  Json json;
  try {
    json = Json::parse(bytes);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": not a valid results file (truncated or not JSON: " + std::string(e.what()) + ")");
  }
  const FieldReader file(json, path, "");
  int version = 1;  // `evaluate` wrote no version before the protocol was recorded
  if (json.contains("format_version")) {
    const Json& v = json["format_version"];
    if (!v.is_number_integer()) {
      throw Error(path + ": format_version " + v.dump() + " is not a version number; this program reads results file "
                  "versions 1 (no format_version) and " + std::to_string(kResultsFormatVersion));
    }
    const int64_t number = v.get<int64_t>();
    if (number != 1 && number != kResultsFormatVersion) {
      throw Error(path + ": results file format version " + std::to_string(number) +
                  " is not understood; this program reads versions 1 (no format_version) and " +
                  std::to_string(kResultsFormatVersion) + (number > kResultsFormatVersion ? " (written by a newer gramt?)" : ""));
    }
    version = static_cast<int>(number);
  }
  ResultsFile results;
  results.format_version = version;
  results.path = path;
  results.model_tag = file.required_text("model_tag");
  results.protocol = version == 1 ? unknown_protocol(results.model_tag) : read_protocol(file, path);
  const std::string folder = fs::path(path).parent_path().string();
  const Json& tasks = file.array("tasks");
  for (size_t i = 0; i < tasks.size(); ++i) results.tasks.push_back(read_task(tasks[i], path, i, version, folder));
  return results;
}

Json results_file_json(const ResultsFile& results) {
  Json out = Json::object();
  out["format_version"] = kResultsFormatVersion;
  out["model_tag"] = results.model_tag;
  const ScoreProtocol& p = results.protocol;
  Json protocol = Json::object();
  protocol["weights_path"] = p.weights_path;
  protocol["weights_sha256"] = p.weights_sha256;
  protocol["model_tag"] = p.model_tag;
  protocol["strategy"] = p.strategy;
  protocol["grid"] = p.grid;
  protocol["grid_points"] = p.grid_points;
  protocol["seeds"] = p.seeds;
  protocol["kit"] = p.kit;
  protocol["probe"] = p.probe;
  if (p.layer >= 0) protocol["layer"] = p.layer;
  protocol["tasks_dir"] = p.tasks_dir;
  protocol["tasks_version"] = p.tasks_version;
  protocol["date"] = p.date;
  out["protocol"] = std::move(protocol);
  Json tasks = Json::array();
  for (const TaskScore& r : results.tasks) {
    Json t = Json::object();
    t["task"] = r.task;
    t["status"] = r.status;
    if (!r.error.empty()) t["error"] = r.error;
    t["primary_score"] = r.primary_score;
    t["lower_is_better"] = r.lower_is_better;
    Json values = Json::array();
    for (double v : r.values) values.push_back(number_or_null(v));
    t["values"] = std::move(values);
    t["mean"] = number_or_null(r.mean);
    t["std"] = number_or_null(r.std);
    t["test_score"] = number_or_null(r.mean);  // version 1's key, kept for its readers
    t["naive_score"] = number_or_null(r.naive);
    t["normalised_score"] = number_or_null(r.normalised);
    if (!r.normalised_values.empty()) {
      Json normalised = Json::array();
      for (double v : r.normalised_values) normalised.push_back(number_or_null(v));
      t["normalised_values"] = std::move(normalised);
    }
    t["test_scores"] = r.test_scores;
    t["task_dir"] = r.task_dir;
    t["scores_path"] = r.scores_path;
    tasks.push_back(std::move(t));
  }
  out["tasks"] = std::move(tasks);
  const NormalisedMean mean = normalised_mean(results.tasks);
  out["mean_normalised_score"] = number_or_null(mean.mean);
  out["mean_normalised_complete"] = mean.complete;
  if (!mean.per_seed.empty()) {
    out["mean_normalised_score_per_seed"] = mean.per_seed;
    out["mean_normalised_score_std"] = number_or_null(mean.std);
  }
  out["normalisation"] =
      "100 * clip((score - naive) / (ideal - naive), 0, 1) on the mean over seeds of the primary score; naive = a "
      "predictor that ignores the audio (majority class, class prevalence, chance AUC, no events, mean direction)";
  return out;
}

void write_results_file(const ResultsFile& results, const std::string& path) {
  write_file_atomically(path, format::dump_kit_json(results_file_json(results)) + "\n");
}

std::vector<std::string> find_results_files(const std::string& embeddings_root) {
  std::vector<std::string> found;
  std::error_code ec;
  if (!fs::is_directory(embeddings_root, ec)) return found;
  // Breadth by hand rather than recursive_directory_iterator: an unreadable folder is skipped
  // instead of ending the walk, and the depth limit keeps us out of large embedding folders.
  std::vector<std::pair<fs::path, int>> folders{{fs::path(embeddings_root), 1}};
  while (!folders.empty()) {
    const auto [folder, depth] = folders.back();
    folders.pop_back();
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path entry = it->path();
      const std::string name = entry.filename().string();
      if (name.empty() || name[0] == '.') continue;
      if (name == "results.json" && it->is_regular_file(ec)) {
        found.push_back(entry.string());
      } else if (depth < 3 && it->is_directory(ec)) {
        folders.emplace_back(entry, depth + 1);
      }
    }
    ec.clear();
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace gramt::eval::benchmark

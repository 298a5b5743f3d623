#include "core/eval/benchmark/task_detail.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/eval/benchmark/seed_scores_path.h"
#include "core/eval/format/embeddings_folder_layout.h"
#include "core/eval/format/python_json.h"
#include "core/eval/predict/grid_search_record.h"
#include "core/eval/predict/predicted_scores_file.h"

namespace gramt::eval::benchmark {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

// The parsed file, or a note saying why not.
bool read_json(const fs::path& path, Json& out, std::vector<std::string>& notes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    notes.push_back(path.string() + ": cannot open");
    return false;
  }
  try {
    // The kits' files spell a non-finite score (an infinite d', say) NaN or Infinity: read as null.
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    out = Json::parse(format::python_json_nonfinite_as_null(text));
    return true;
  } catch (const nlohmann::json::exception& e) {
    notes.push_back(path.string() + ": not valid JSON (" + std::string(e.what()) + ")");
    return false;
  }
}

double number_or_nan(const Json& object, const std::string& key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_number()) return NAN;
  return object[key].get<double>();
}

std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

void read_grid(const predict::GridSearchRecord& record, TaskDetail& detail) {
  const int64_t best = record.best_grid_point.value_or(-1);
  int64_t index = 0;
  for (const predict::GridPointRecord& point : record.points) {
    GridPointResult r;
    r.params_json = point.hparams.dump();
    r.validation_score = point.validation_score.value_or(NAN);
    r.epochs = point.epochs_trained.value_or(0);
    r.best_epoch = point.epoch.value_or(-1);
    r.chosen = index == best;
    detail.grid.push_back(std::move(r));
    ++index;
  }
}

std::string describe_protocol(const Json& scores, const std::optional<predict::GridSearchRecord>& record,
                              size_t grid_points) {
  std::ostringstream out;
  if (record) {
    out << "grid " << record->grid.value_or("?") << " (kit " << record->kit.value_or("?") << "), " << grid_points
        << " grid point" << (grid_points == 1 ? "" : "s") << " chosen with seed "
        << (record->seed ? std::to_string(*record->seed) : "?") << " on " << record->device.value_or("?");
    if (record->best_grid_point) out << "; best: grid point " << *record->best_grid_point + 1;
    out << "; ";
  }
  out << "score mode " << scores.value("score_mode", std::string("?"));
  if (scores.contains("hparams")) out << "; hparams " << scores["hparams"].dump();
  if (scores.contains("postprocessing") && scores["postprocessing"].is_array() && !scores["postprocessing"].empty()) {
    out << "; post-processing " << scores["postprocessing"].dump();
  }
  return out.str();
}

void note_extra_seeds(const fs::path& dir, TaskDetail& detail) {
  std::error_code ec;
  const fs::path seeds = seed_scores_folder(dir.string());
  if (!fs::is_directory(seeds, ec)) return;
  std::vector<std::string> names;
  for (fs::directory_iterator it(seeds, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind("seed-", 0) == 0 && name.find(".predicted-scores") != std::string::npos) names.push_back(name);
  }
  if (names.empty()) return;
  std::sort(names.begin(), names.end());
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  detail.notes.push_back("the grid and folds shown are the first seed's; the other seeds' scores are in " +
                         seeds.string() + ": " + list);
}

}  // namespace

TaskDetail read_task_detail(const std::string& task_embeddings_dir) {
  TaskDetail detail;
  const fs::path dir(task_embeddings_dir);
  detail.task = dir.filename().string();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    detail.notes.push_back(task_embeddings_dir + ": no such task folder (not embedded yet?)");
    return detail;
  }

  Json metadata;
  const fs::path metadata_path = format::EmbeddingsFolderLayout(dir.string()).task_files().metadata_file();
  if (fs::exists(metadata_path, ec) && read_json(metadata_path, metadata, detail.notes) && metadata.is_object()) {
    if (metadata.contains("task_name") && metadata["task_name"].is_string()) detail.task = metadata["task_name"].get<std::string>();
    if (metadata.contains("evaluation") && metadata["evaluation"].is_array() && !metadata["evaluation"].empty() &&
        metadata["evaluation"][0].is_string()) {
      detail.primary_score = metadata["evaluation"][0].get<std::string>();
    }
  } else if (!fs::exists(metadata_path, ec)) {
    detail.notes.push_back(metadata_path.string() + ": missing (the primary score is unknown)");
  }

  // Localization tasks go through the kits' --localization path and its own file name.
  fs::path scores_path = dir / predict::predicted_scores_filename(false);
  if (!fs::exists(scores_path, ec)) scores_path = dir / predict::predicted_scores_filename(true);
  Json scores;
  if (!fs::exists(scores_path, ec)) {
    detail.notes.push_back("no " + predict::predicted_scores_filename(false) + " in " + task_embeddings_dir +
                           ": predictions not run yet");
    return detail;
  }
  if (!read_json(scores_path, scores, detail.notes)) return detail;
  if (!scores.is_object()) {
    detail.notes.push_back(scores_path.string() + ": not a JSON object of scores");
    return detail;
  }
  detail.scores_path = scores_path.string();

  static const std::regex fold_key("test|fold[0-9]+");
  for (auto it = scores.begin(); it != scores.end(); ++it) {
    if (!std::regex_match(it.key(), fold_key) || !it.value().is_object()) continue;
    // "test_score" is the primary score under any name the kit logs it as.
    detail.test_per_fold.emplace_back(it.key(), number_or_nan(it.value(), "test_score"));
  }
  if (detail.test_per_fold.empty()) detail.notes.push_back(detail.scores_path + ": no \"test\" or \"foldNN\" results");

  const auto record = predict::read_grid_search_record(scores, &detail.notes);
  if (record) {
    read_grid(*record, detail);
  } else {
    detail.notes.push_back("no grid search record in " + detail.scores_path +
                           " (written by a Python kit?): only the chosen configuration is known");
  }
  detail.protocol_text = describe_protocol(scores, record, detail.grid.size());
  if (scores.contains("aggregated_scores") && scores["aggregated_scores"].is_object()) {
    const double mean = number_or_nan(scores["aggregated_scores"], "test_score_mean");
    const double std = number_or_nan(scores["aggregated_scores"], "test_score_std");
    detail.protocol_text += "; over folds " + number_text(mean) + " ± " + number_text(std);
  }
  note_extra_seeds(dir, detail);
  return detail;
}

}  // namespace gramt::eval::benchmark

#include "core/eval/predict/prediction_metadata.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/common/error.h"
#include "core/eval/predict/kit_json.h"

namespace gramt::eval::predict {

namespace {

std::string read_text(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the " + what);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string required_string(const nlohmann::json& j, const std::string& key, const std::string& source) {
  if (!j.contains(key) || !j[key].is_string()) throw Error(source + ": field '" + key + "' must be a string");
  return j[key].get<std::string>();
}

std::vector<std::string> required_string_list(const nlohmann::json& j, const std::string& key,
                                              const std::string& source) {
  if (!j.contains(key) || !j[key].is_array() || j[key].empty()) {
    throw Error(source + ": field '" + key + "' must be a non-empty list of strings");
  }
  std::vector<std::string> out;
  for (const auto& item : j[key]) {
    if (!item.is_string()) throw Error(source + ": field '" + key + "' must be a list of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

PredictionMetadata parse_prediction_metadata(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw Error(source + ": task metadata must be a JSON object");
  PredictionMetadata m;
  m.source = source;
  m.task_name = required_string(j, "task_name", source);
  m.embedding_type = required_string(j, "embedding_type", source);
  if (m.embedding_type != "scene" && m.embedding_type != "event") {
    throw Error(source + ": field 'embedding_type' is '" + m.embedding_type + "' (expected scene or event)");
  }
  m.prediction_type = required_string(j, "prediction_type", source);
  m.split_mode = required_string(j, "split_mode", source);
  if (m.split_mode != "trainvaltest" && m.split_mode != "new_split_kfold" && m.split_mode != "presplit_kfold") {
    throw Error(source + ": field 'split_mode' is '" + m.split_mode +
                "' (expected trainvaltest, new_split_kfold or presplit_kfold)");
  }
  m.splits = required_string_list(j, "splits", source);
  m.evaluation = required_string_list(j, "evaluation", source);
  if (j.contains("use_scoring_for_early_stopping")) {
    if (!j["use_scoring_for_early_stopping"].is_boolean()) {
      throw Error(source + ": field 'use_scoring_for_early_stopping' must be a boolean");
    }
    m.use_scoring_for_early_stopping = j["use_scoring_for_early_stopping"].get<bool>();
  }
  if (j.contains("evaluation_params") && !j["evaluation_params"].is_null()) {
    const auto& params = j["evaluation_params"];
    if (!params.is_object()) throw Error(source + ": field 'evaluation_params' must be an object");
    if (params.contains("event_postprocessing_grid")) m.event_postprocessing_grid = params["event_postprocessing_grid"];
    if (params.contains("task_specific_param_grid")) m.task_specific_param_grid = params["task_specific_param_grid"];
  }
  if (j.contains("scoring_params") && !j["scoring_params"].is_null()) {
    if (!j["scoring_params"].is_object()) throw Error(source + ": field 'scoring_params' must be an object");
    m.scoring_params = j["scoring_params"];
  }
  return m;
}

PredictionMetadata read_prediction_metadata(const std::string& path) {
  const std::string text = read_text(path, "task metadata");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": not valid JSON (" + std::string(e.what()) + ")");
  }
  return parse_prediction_metadata(j, path);
}

namespace {

// One CSV field: unquotes "..." with "" escapes.
std::string csv_field(const std::string& raw) {
  if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"') {
    std::string out;
    for (size_t i = 1; i + 1 < raw.size(); ++i) {
      out += raw[i];
      if (raw[i] == '"' && raw[i + 1] == '"') ++i;
    }
    return out;
  }
  return raw;
}

bool is_integer_text(const std::string& s) {
  size_t i = (s.size() > 1 && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i >= s.size()) return false;
  return std::all_of(s.begin() + static_cast<long>(i), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool is_float_text(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && !std::isspace(static_cast<unsigned char>(s[0]));
}

}  // namespace

LabelVocabulary parse_label_vocabulary(const std::string& csv_text, const std::string& source) {
  std::istringstream in(csv_text);
  std::string line;
  if (!std::getline(in, line)) throw Error(source + ": empty label vocabulary");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line != "idx,label") throw Error(source + ": header must be 'idx,label', found '" + line + "'");
  std::vector<std::pair<int64_t, std::string>> rows;
  int line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const size_t comma = line.find(',');
    const std::string where = source + " line " + std::to_string(line_number);
    if (comma == std::string::npos) throw Error(where + ": expected 'idx,label'");
    const std::string idx_text = line.substr(0, comma);
    if (!is_integer_text(idx_text)) throw Error(where + ": idx '" + idx_text + "' is not an integer");
    rows.emplace_back(std::stoll(idx_text), csv_field(line.substr(comma + 1)));
  }
  if (rows.empty()) throw Error(source + ": no labels");
  int64_t max_idx = -1;
  for (const auto& row : rows) max_idx = std::max(max_idx, row.first);
  if (max_idx + 1 != static_cast<int64_t>(rows.size())) {
    throw Error(source + ": " + std::to_string(rows.size()) + " rows but the largest idx is " +
                std::to_string(max_idx) + " (the kits require rows == max(idx) + 1)");
  }
  // pandas infers one type for the whole column, and the kits cast that back to str.
  const bool all_int = std::all_of(rows.begin(), rows.end(), [](const auto& r) { return is_integer_text(r.second); });
  const bool all_float = std::all_of(rows.begin(), rows.end(), [](const auto& r) { return is_float_text(r.second); });
  LabelVocabulary vocab;
  vocab.labels.assign(rows.size(), "");
  std::vector<bool> seen(rows.size(), false);
  for (auto& [idx, label] : rows) {
    if (idx < 0) throw Error(source + ": negative idx " + std::to_string(idx));
    if (seen[static_cast<size_t>(idx)]) throw Error(source + ": idx " + std::to_string(idx) + " appears twice");
    seen[static_cast<size_t>(idx)] = true;
    std::string text = label;
    if (all_int) {
      text = std::to_string(std::stoll(label));
    } else if (all_float) {
      text = python_float_repr(std::strtod(label.c_str(), nullptr));
    }
    if (!vocab.index_of.emplace(text, idx).second) throw Error(source + ": label '" + text + "' appears twice");
    vocab.labels[static_cast<size_t>(idx)] = text;
  }
  return vocab;
}

LabelVocabulary read_label_vocabulary(const std::string& path) {
  return parse_label_vocabulary(read_text(path, "label vocabulary"), path);
}

std::string python_label_string(const nlohmann::json& label) {
  if (label.is_string()) return label.get<std::string>();
  if (label.is_boolean()) return label.get<bool>() ? "True" : "False";
  if (label.is_number_integer()) return label.dump();
  if (label.is_number_float()) return python_float_repr(label.get<double>());
  if (label.is_null()) return "None";
  return label.dump();
}

}  // namespace gramt::eval::predict

#include "core/eval/format/task_metadata.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <utility>

#include "core/common/error.h"

namespace gramt::eval::format {

namespace {

using Json = nlohmann::ordered_json;

constexpr uintmax_t kMaxMetadataBytes = uintmax_t{16} << 20;
constexpr int kMaxMetadataDepth = 64;

struct NamedPrediction {
  const char* name;
  PredictionType type;
};

constexpr NamedPrediction kPredictionTypes[] = {
    {"multiclass", PredictionType::multiclass},
    {"multilabel", PredictionType::multilabel},
    {"accdoa", PredictionType::accdoa},
    {"cartesian-regression", PredictionType::cartesian_regression},
    {"cartesian-z-regression", PredictionType::cartesian_z_regression},
    {"distance-regression", PredictionType::distance_regression},
    {"polar-regression", PredictionType::polar_regression},
    {"polar-classification", PredictionType::polar_classification},
};

std::string field_error(const std::string& source, const std::string& field, const std::string& problem) {
  return source + ": field '" + field + "' " + problem;
}

const Json& required(const Json& j, const std::string& key, const std::string& source) {
  const auto it = j.find(key);
  if (it == j.end()) throw Error(field_error(source, key, "is missing"));
  return *it;
}

std::string required_string(const Json& j, const std::string& key, const std::string& source) {
  const Json& v = required(j, key, source);
  if (!v.is_string()) throw Error(field_error(source, key, "must be a string, found " + v.dump()));
  return v.get<std::string>();
}

std::vector<std::string> string_list(const Json& v, const std::string& key, const std::string& source) {
  if (!v.is_array() || v.empty()) throw Error(field_error(source, key, "must be a non-empty list of strings"));
  std::vector<std::string> out;
  for (const Json& item : v) {
    if (!item.is_string()) throw Error(field_error(source, key, "must hold strings only, found " + item.dump()));
    out.push_back(item.get<std::string>());
  }
  return out;
}

// evaluation_params.<key>: an object of non-empty lists (a parameter grid), or null when absent.
Json grid_of_lists(const Json& params, const std::string& key, const std::string& source) {
  if (!params.contains(key)) return nullptr;
  const Json& grid = params[key];
  const std::string field = "evaluation_params." + key;
  if (!grid.is_object()) throw Error(field_error(source, field, "must be an object"));
  for (const auto& [name, values] : grid.items()) {
    if (!values.is_array() || values.empty()) throw Error(field_error(source, field + "." + name, "must be a non-empty list"));
  }
  return grid;
}

// `text` as one of the enum's named values; an unknown one names the field and every valid value.
template <typename Enum>
Enum named_value(const std::string& text, std::initializer_list<std::pair<const char*, Enum>> names,
                 const std::string& source, const std::string& field) {
  std::string expected;
  size_t i = 0;
  for (const auto& [name, value] : names) {
    if (text == name) return value;
    expected += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + std::string(name);
    ++i;
  }
  throw Error(field_error(source, field, "is '" + text + "' (expected " + expected + ")"));
}

std::string joined_names() {
  std::string out;
  for (const auto& p : kPredictionTypes) out += (out.empty() ? "" : ", ") + std::string(p.name);
  return out;
}

void check_splits(TaskMetadata& m) {
  std::vector<std::string> sorted = m.splits;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    throw Error(field_error(m.source, "splits", "names a split twice"));
  }
  for (const std::string& s : m.splits) {
    if (s.empty() || s.find('/') != std::string::npos || s == "." || s == "..") {
      throw Error(field_error(m.source, "splits", "holds '" + s + "', which cannot be a folder name"));
    }
  }
  if (m.split_mode == SplitMode::trainvaltest) {
    // The kits hard-code these three names for this mode.
    for (const char* needed : {"train", "valid", "test"}) {
      if (std::find(m.splits.begin(), m.splits.end(), needed) == m.splits.end()) {
        throw Error(field_error(m.source, "splits", std::string("lacks '") + needed +
                                                        "' (split_mode trainvaltest needs train, valid and test)"));
      }
    }
  } else if (m.splits.size() < 3) {
    // Fold i tests, fold i+1 validates, the rest train: fewer than 3 folds leave nothing to train on.
    throw Error(field_error(m.source, "splits", "has " + std::to_string(m.splits.size()) + " fold(s); split_mode " +
                                                    to_string(m.split_mode) + " needs at least 3"));
  }
}

}  // namespace

bool TaskMetadata::is_localization() const {
  return prediction_type != PredictionType::multiclass && prediction_type != PredictionType::multilabel &&
         prediction_type != PredictionType::accdoa;
}

const char* to_string(EmbeddingType type) { return type == EmbeddingType::scene ? "scene" : "event"; }

const char* to_string(SplitMode mode) {
  switch (mode) {
    case SplitMode::trainvaltest: return "trainvaltest";
    case SplitMode::new_split_kfold: return "new_split_kfold";
    case SplitMode::presplit_kfold: return "presplit_kfold";
  }
  return "?";
}

const char* to_string(PredictionType type) {
  for (const auto& p : kPredictionTypes)
    if (p.type == type) return p.name;
  return "?";
}

std::optional<PredictionType> parse_prediction_type(const std::string& name) {
  for (const auto& p : kPredictionTypes)
    if (name == p.name) return p.type;
  return std::nullopt;
}

TaskMetadata parse_task_metadata(const nlohmann::ordered_json& j, const std::string& source) {
  if (!j.is_object()) throw Error(source + ": task metadata must be a JSON object");
  TaskMetadata m;
  m.source = source;
  m.raw = j;
  m.task_name = required_string(j, "task_name", source);
  if (m.task_name.empty()) throw Error(field_error(source, "task_name", "is empty"));

  m.embedding_type = named_value<EmbeddingType>(required_string(j, "embedding_type", source),
                                                {{"scene", EmbeddingType::scene}, {"event", EmbeddingType::event}},
                                                source, "embedding_type");

  m.prediction_type_text = required_string(j, "prediction_type", source);
  const auto prediction = parse_prediction_type(m.prediction_type_text);
  if (!prediction) {
    throw Error(field_error(source, "prediction_type", "is '" + m.prediction_type_text + "' (expected one of " +
                                                           joined_names() + ")"));
  }
  m.prediction_type = *prediction;

  m.split_mode = named_value<SplitMode>(required_string(j, "split_mode", source),
                                      {{"trainvaltest", SplitMode::trainvaltest},
                                       {"new_split_kfold", SplitMode::new_split_kfold},
                                       {"presplit_kfold", SplitMode::presplit_kfold}},
                                      source, "split_mode");

  m.splits = string_list(required(j, "splits", source), "splits", source);
  check_splits(m);

  if (j.contains("nfolds") && !j["nfolds"].is_null()) {
    if (!j["nfolds"].is_number_integer()) throw Error(field_error(source, "nfolds", "must be an integer"));
    if (j["nfolds"].get<int64_t>() < 1 || j["nfolds"].get<int64_t>() > 1000)
      throw Error(field_error(source, "nfolds", "must be an integer from 1 to 1000, found " + j["nfolds"].dump()));
    m.nfolds = j["nfolds"].get<int64_t>();
  }

  const Json& duration = required(j, "sample_duration", source);
  if (!duration.is_null()) {
    if (!duration.is_number() || !std::isfinite(duration.get<double>()) || duration.get<double>() <= 0.0) {
      throw Error(field_error(source, "sample_duration", "must be a positive number of seconds or null, found " +
                                                             duration.dump()));
    }
    m.sample_duration = duration.get<double>();
  }

  m.evaluation = string_list(required(j, "evaluation", source), "evaluation", source);

  if (j.contains("use_scoring_for_early_stopping")) {
    const Json& v = j["use_scoring_for_early_stopping"];
    if (!v.is_boolean()) throw Error(field_error(source, "use_scoring_for_early_stopping", "must be true or false"));
    m.use_scoring_for_early_stopping = v.get<bool>();
  }

  if (j.contains("evaluation_params") && !j["evaluation_params"].is_null()) {
    const Json& params = j["evaluation_params"];
    if (!params.is_object()) throw Error(field_error(source, "evaluation_params", "must be an object"));
    m.event_postprocessing_grid = grid_of_lists(params, "event_postprocessing_grid", source);
    m.task_specific_param_grid = grid_of_lists(params, "task_specific_param_grid", source);
  }

  if (j.contains("scoring_params") && !j["scoring_params"].is_null()) {
    if (!j["scoring_params"].is_object()) throw Error(field_error(source, "scoring_params", "must be an object"));
    m.scoring_params = j["scoring_params"];
  }

  if (j.contains("source_dynamics") && !j["source_dynamics"].is_null()) {
    const Json& v = j["source_dynamics"];
    m.source_dynamics = named_value<SourceDynamics>(
        v.is_string() ? v.get<std::string>() : v.dump(),
        {{"static", SourceDynamics::static_sources}, {"dynamic", SourceDynamics::dynamic_sources}}, source,
        "source_dynamics");
  }
  if (j.contains("_nb_label_frames_1s") && !j["_nb_label_frames_1s"].is_null()) {
    const Json& v = j["_nb_label_frames_1s"];
    if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 1000000) {
      throw Error(field_error(source, "_nb_label_frames_1s", "must be a positive integer"));
    }
    m.nb_label_frames_1s = v.get<int64_t>();
  }

  // Combinations the kits cannot run.
  if (m.prediction_type == PredictionType::accdoa) {
    if (m.embedding_type != EmbeddingType::event) {
      throw Error(source + ": prediction_type 'accdoa' needs embedding_type 'event' (one row per frame), not '" +
                  to_string(m.embedding_type) + "'");
    }
    if (m.source_dynamics == SourceDynamics::unspecified) {
      throw Error(field_error(source, "source_dynamics", "is missing (accdoa needs static or dynamic)"));
    }
    if (m.source_dynamics == SourceDynamics::dynamic_sources && !m.nb_label_frames_1s) {
      throw Error(field_error(source, "_nb_label_frames_1s", "is missing (accdoa with dynamic sources needs it)"));
    }
  }
  if (m.is_localization() && m.embedding_type != EmbeddingType::scene) {
    throw Error(field_error(source, "prediction_type",
                            "is " + m.prediction_type_text + ", a localization form, which needs embedding_type scene"));
  }
  return m;
}

TaskMetadata read_task_metadata(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": missing or unreadable (every task folder needs task_metadata.json)");
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxMetadataBytes)
    throw Error(path + ": " + std::to_string(size) + " bytes is far too large for task metadata (at most 16 MiB)");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_task_metadata_text(text.str(), path);
}

TaskMetadata parse_task_metadata_text(const std::string& text, const std::string& source) {
  // Copying or printing a deeply nested value recurses once per level: refuse nesting no task uses.
  const auto limit_depth = [&](int depth, nlohmann::ordered_json::parse_event_t, nlohmann::ordered_json&) {
    if (depth > kMaxMetadataDepth)
      throw Error(source + ": JSON nested more than " + std::to_string(kMaxMetadataDepth) + " levels deep");
    return true;
  };
  nlohmann::ordered_json j;
  try {
    j = nlohmann::ordered_json::parse(text, limit_depth);
  } catch (const nlohmann::json::exception& e) {
    throw Error(source + ": not valid JSON (" + std::string(e.what()) + ")");
  }
  return parse_task_metadata(j, source);
}

}  // namespace gramt::eval::format

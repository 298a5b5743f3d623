#include "core/eval/format/split_labels.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/common/error.h"
#include "core/io/json_file.h"
#include "core/eval/format/python_json.h"

namespace gramt::eval::format {

namespace {

using Json = nlohmann::ordered_json;

// The kits pad an event's end by this much (ms) so that a frame exactly at the end still counts.
constexpr double kEndPadMs = 0.0001;

bool is_label_value(const Json& v) { return v.is_string() || v.is_number() || v.is_boolean(); }

double finite_number(const Json& v, const std::string& where, const std::string& field) {
  if (!v.is_number()) throw Error(where + ": field '" + field + "' must be a number, found " + v.dump());
  const double d = v.get<double>();
  if (!std::isfinite(d)) throw Error(where + ": field '" + field + "' is not finite");
  return d;
}

void check_in_vocabulary(const std::string& text, const LabelVocabulary& vocabulary, const std::string& where) {
  if (!vocabulary.contains(text)) {
    throw Error(where + ": label '" + text + "' is not in " + vocabulary.source);
  }
}

void parse_scene_entry(LabelledFile& file, const TaskMetadata& m, const LabelVocabulary* vocabulary,
                       const std::string& where) {
  if (!file.labels.is_array()) throw Error(where + ": must be a list, found " + file.labels.dump());
  if (m.is_localization()) {
    for (const Json& x : file.labels) finite_number(x, where, "coordinate");
    const bool cartesian = m.prediction_type == PredictionType::cartesian_regression ||
                           m.prediction_type == PredictionType::cartesian_z_regression ||
                           m.prediction_type == PredictionType::distance_regression;
    // listen-eval-kit fixes three outputs; the GRAM-T copy also took [azimuth, elevation] for polar.
    if (cartesian && file.labels.size() != 3) {
      throw Error(where + ": a " + m.prediction_type_text + " label must be 3 numbers, found " +
                  std::to_string(file.labels.size()));
    }
    if (!cartesian && file.labels.size() != 2 && file.labels.size() != 3) {
      throw Error(where + ": a " + m.prediction_type_text + " label must be 2 or 3 numbers, found " +
                  std::to_string(file.labels.size()));
    }
    return;
  }
  if (m.prediction_type == PredictionType::multiclass && file.labels.size() != 1) {
    throw Error(where + ": a multiclass task needs exactly one label per file, found " +
                std::to_string(file.labels.size()));
  }
  for (const Json& label : file.labels) {
    if (!is_label_value(label)) throw Error(where + ": a label must be a string or a number, found " + label.dump());
    check_in_vocabulary(python_label_string(label), *vocabulary, where);
  }
}

void parse_event_entry(LabelledFile& file, const TaskMetadata& m, const LabelVocabulary& vocabulary,
                       const std::string& where) {
  if (!file.labels.is_array()) throw Error(where + ": must be a list of events, found " + file.labels.dump());
  size_t index = 0;
  for (const Json& e : file.labels) {
    const std::string at = where + " event " + std::to_string(index++);
    if (!e.is_object()) throw Error(at + ": must be an object with label, start and end");
    for (const char* key : {"label", "start", "end"}) {
      if (!e.contains(key)) throw Error(at + ": field '" + std::string(key) + "' is missing");
    }
    TaskEvent event;
    event.label = e["label"];
    if (!is_label_value(event.label)) throw Error(at + ": field 'label' must be a string or a number");
    event.label_text = python_label_string(event.label);
    check_in_vocabulary(event.label_text, vocabulary, at);
    event.start_ms = finite_number(e["start"], at, "start");
    event.end_ms = finite_number(e["end"], at, "end");
    if (e.contains("direction")) {
      const Json& d = e["direction"];
      if (!d.is_array() || d.size() != 2) {
        throw Error(at + ": field 'direction' must be [azimuth_deg, elevation_deg]");
      }
      event.direction = std::array<double, 2>{finite_number(d[0], at, "direction"), finite_number(d[1], at, "direction")};
    }
    if (e.contains("source_idx")) {
      if (!e["source_idx"].is_number_integer()) throw Error(at + ": field 'source_idx' must be an integer");
      event.source_idx = e["source_idx"].get<int64_t>();
    }
    // listen-eval-kit's frame labelling accepts exactly these combinations (spec/eval.md §2.5).
    const bool dynamic = m.source_dynamics == SourceDynamics::dynamic_sources;
    if (event.direction) {
      if (m.source_dynamics == SourceDynamics::unspecified) {
        throw Error(at + ": has a direction but the task metadata has no source_dynamics");
      }
      if (dynamic && !event.source_idx) throw Error(at + ": field 'source_idx' is missing (dynamic sources)");
    } else {
      if (m.source_dynamics != SourceDynamics::unspecified) {
        throw Error(at + ": field 'direction' is missing (the task metadata sets source_dynamics)");
      }
      if (m.prediction_type == PredictionType::accdoa) throw Error(at + ": field 'direction' is missing (accdoa)");
    }
    // The interval the frame labelling builds must not be empty.
    const double interval_end = dynamic ? event.end_ms - kEndPadMs : event.end_ms + kEndPadMs;
    if (!(interval_end > event.start_ms)) {
      throw Error(at + ": end " + python_float_repr(event.end_ms) + " ms is before start " +
                  python_float_repr(event.start_ms) + " ms");
    }
    file.events.push_back(std::move(event));
  }
}

bool is_plain_file_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
         name.find('\0') == std::string::npos;
}

}  // namespace


SplitLabels parse_split_labels(const Json& json, const TaskMetadata& m, const LabelVocabulary* vocabulary,
                               const std::string& split, const std::string& source) {
  if (!json.is_object()) throw Error(source + ": must be a JSON object keyed by audio file name");
  if (json.empty()) throw Error(source + ": split '" + split + "' lists no audio files");
  if (!m.is_localization() && vocabulary == nullptr) {
    throw Error(source + ": internal: a label vocabulary is needed to check the labels");
  }
  SplitLabels out;
  out.split = split;
  out.source = source;
  out.files.reserve(json.size());
  for (auto it = json.begin(); it != json.end(); ++it) {
    const std::string where = source + " entry '" + it.key() + "'";
    if (!is_plain_file_name(it.key())) throw Error(where + ": not a plain file name");
    LabelledFile file;
    file.name = it.key();
    file.labels = it.value();
    if (m.embedding_type == EmbeddingType::scene) {
      parse_scene_entry(file, m, vocabulary, where);
    } else {
      parse_event_entry(file, m, *vocabulary, where);
    }
    out.files.push_back(std::move(file));
  }
  return out;
}

SplitLabels read_split_labels(const std::string& path, const TaskMetadata& metadata,
                              const LabelVocabulary* vocabulary, const std::string& split) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw Error(path + ": missing (split '" + split + "' of " + metadata.source + ")");
  return parse_split_labels(io::read_ordered_json_file(path, "split labels"), metadata, vocabulary, split, path);
}

}  // namespace gramt::eval::format

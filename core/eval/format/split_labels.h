#pragma once
// <split>.json of a task folder (spec/eval.md §1.4): an object keyed by audio file name, in the
// order that fixes the embedding rows. Values by task kind:
//   scene multiclass / multilabel: list of labels (exactly one for multiclass);
//   scene localization:            the coordinate vector itself, e.g. [x, y, z];
//   event:                         list of {"label", "start", "end"} in milliseconds, plus
//                                  "direction": [azimuth_deg, elevation_deg] (and "source_idx"
//                                  for dynamic sources) in listen-eval-kit's ACCDOA tasks.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/format/label_vocabulary.h"
#include "core/eval/format/task_metadata.h"

namespace gramt::eval::format {

struct TaskEvent {
  nlohmann::ordered_json label;  // as written (string or number)
  std::string label_text;        // str(label), the vocabulary key
  double start_ms = 0.0;
  double end_ms = 0.0;
  std::optional<std::array<double, 2>> direction;  // azimuth, elevation in degrees
  std::optional<int64_t> source_idx;
};

struct LabelledFile {
  std::string name;               // audio file name = JSON key
  nlohmann::ordered_json labels;  // the value as written
  std::vector<TaskEvent> events;  // event tasks
};

struct SplitLabels {
  std::string split;
  std::string source;  // the file, for error messages
  std::vector<LabelledFile> files;  // JSON key order
};

// Checks every entry against the task kind. `vocabulary` is required unless the metadata says
// localization. Throws gramt::Error naming the file and the entry: an empty split, a label missing
// from the vocabulary, a multiclass entry without exactly one label, an event without numeric
// start/end or with end before start, a malformed direction or coordinate vector.
SplitLabels parse_split_labels(const nlohmann::ordered_json& json, const TaskMetadata& metadata,
                               const LabelVocabulary* vocabulary, const std::string& split,
                               const std::string& source);
SplitLabels read_split_labels(const std::string& path, const TaskMetadata& metadata,
                              const LabelVocabulary* vocabulary, const std::string& split);


}  // namespace gramt::eval::format

#pragma once
// What the predictor reads from an embeddings task folder's task_metadata.json and
// labelvocabulary.csv (spec/eval.md §1.2-1.3). Private to the predictor: core/eval/tasks has the
// full reader, but that library links this one (the embeddings writer shares its Python-compatible
// shuffle and JSON), so using it here would make the two depend on each other.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gramt::eval::predict {

struct PredictionMetadata {
  std::string source;                 // the metadata file, for error messages
  std::string task_name;
  std::string embedding_type;         // "scene" | "event"
  std::string prediction_type;        // "multiclass" | "multilabel" | ... as written
  std::string split_mode;             // "trainvaltest" | "new_split_kfold" | "presplit_kfold"
  std::vector<std::string> splits;
  std::vector<std::string> evaluation;  // first = primary score
  bool use_scoring_for_early_stopping = true;
  nlohmann::json event_postprocessing_grid;   // null = the kit's default grid
  nlohmann::json task_specific_param_grid;    // null = none
  nlohmann::json scoring_params = nlohmann::json::object();
};

PredictionMetadata parse_prediction_metadata(const nlohmann::json& metadata, const std::string& source);
PredictionMetadata read_prediction_metadata(const std::string& path);

// labelvocabulary.csv: labels in index order, after the kits' pandas type inference (a column of
// integers such as "007" is read back as "7").
struct LabelVocabulary {
  std::vector<std::string> labels;          // idx -> label
  std::map<std::string, int64_t> index_of;  // label -> idx
};

LabelVocabulary parse_label_vocabulary(const std::string& csv_text, const std::string& source);
LabelVocabulary read_label_vocabulary(const std::string& path);

// Python's str() of a JSON label as the kits apply it before looking a label up ("21", "1.5",
// "True", text unchanged).
std::string python_label_string(const nlohmann::json& label);

}  // namespace gramt::eval::predict

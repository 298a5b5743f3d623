#pragma once
// task_metadata.json of a HEAR / listen-eval-kit task folder (spec/eval.md §1.2): every field
// either kit reads, checked up front so a bad folder fails with a message naming the field
// instead of an assertion deep inside an embedding or training run.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gramt::eval::format {

enum class EmbeddingType { scene, event };

enum class SplitMode { trainvaltest, new_split_kfold, presplit_kfold };

enum class PredictionType {
  multiclass,
  multilabel,
  accdoa,                  // listen-eval-kit SELD (event tasks)
  cartesian_regression,    // the localization forms (scene tasks; label = coordinate vector)
  cartesian_z_regression,
  distance_regression,
  polar_regression,
  polar_classification,
};

// listen-eval-kit's frame labelling rule for events with a direction (§2.5).
enum class SourceDynamics { unspecified, static_sources, dynamic_sources };

struct TaskMetadata {
  std::string source;          // the file, for error messages
  nlohmann::ordered_json raw;  // the whole object (extra keys kept)

  std::string task_name;
  EmbeddingType embedding_type = EmbeddingType::scene;
  PredictionType prediction_type = PredictionType::multiclass;
  std::string prediction_type_text;  // as written
  SplitMode split_mode = SplitMode::trainvaltest;
  std::vector<std::string> splits;  // in file order (the embedding order)
  std::optional<int64_t> nfolds;    // informational
  std::optional<double> sample_duration;  // seconds; nullopt = null (clips of any length)
  std::vector<std::string> evaluation;    // score names, first = primary
  bool use_scoring_for_early_stopping = true;
  nlohmann::json event_postprocessing_grid;  // null when absent
  nlohmann::json task_specific_param_grid;   // null when absent
  nlohmann::json scoring_params = nlohmann::json::object();
  SourceDynamics source_dynamics = SourceDynamics::unspecified;
  std::optional<int64_t> nb_label_frames_1s;  // `_nb_label_frames_1s`

  // Label rows are coordinate vectors (no vocabulary lookup).
  bool is_localization() const;
};

const char* to_string(EmbeddingType type);
const char* to_string(SplitMode mode);
const char* to_string(PredictionType type);
// Parses a prediction_type name; nullopt when unknown.
std::optional<PredictionType> parse_prediction_type(const std::string& name);

// Validates and converts a parsed JSON object; `source` names the file in errors.
TaskMetadata parse_task_metadata(const nlohmann::ordered_json& json, const std::string& source);
// Reads and parses the file; missing file or malformed JSON is a gramt::Error naming it.
TaskMetadata read_task_metadata(const std::string& path);
// The same from JSON text (`source` names it in errors); nesting beyond 64 levels is refused.
TaskMetadata parse_task_metadata_text(const std::string& text, const std::string& source);

}  // namespace gramt::eval::format

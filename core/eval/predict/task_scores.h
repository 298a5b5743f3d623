#pragma once
// The predictor's view of a score (spec/eval.md §4): a name as logged, a direction, and a value
// (or (subname, value) parts, the first one primary) for a prediction matrix or for event lists.
// The scores themselves live in core/eval/scores; task_scores.cpp adapts that library's registry.
// Scores are called from several training threads at once, so they must not keep state.
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/predict/event_postprocessing.h"
#include "core/eval/format/label_vocabulary.h"
#include "core/eval/format/task_metadata.h"
#include "core/eval/scores/score_inputs.h"

namespace gramt::eval::predict {

struct ScoreValue {
  // One part with an empty subname for a plain float score; otherwise (subname, value) pairs.
  std::vector<std::pair<std::string, double>> parts;
  bool is_tuple = false;
  // Our corrected readings where a kit has a bug (full key stems, e.g. "DOA_nan_as_180"), logged
  // after the kit's keys.
  std::vector<std::pair<std::string, double>> extras;
  double primary() const { return parts.empty() ? std::nan("") : parts.front().second; }
};

class TaskScore {
 public:
  virtual ~TaskScore() = default;
  virtual std::string name() const = 0;  // as logged: "<name>" in val_/test_ keys
  virtual bool maximize() const = 0;
  // The kits log Python floats through PyTorch Lightning as float32 and numpy float64 as float64;
  // matching that makes our JSON agree with theirs to the last digit.
  virtual bool logged_as_float32() const = 0;
  // predictions / targets: row-major (rows x cols) float32 (post-activation / encoded targets).
  virtual ScoreValue score_matrix(const float* predictions, const float* targets, int64_t rows,
                                  int64_t cols) const = 0;
  virtual ScoreValue score_events(const FileEvents& predicted, const FileEvents& reference) const = 0;
  // ACCDOA tasks: frame-wise directions (SELD, OldSELD). Scores that cannot read them throw.
  virtual ScoreValue score_doas(const scores::SeldScoreInputs& inputs) const;
};

struct ScoreContext {
  const format::LabelVocabulary* vocabulary = nullptr;  // null for localization tasks
  nlohmann::json scoring_params = nlohmann::json::object();
  bool localization = false;  // the kits build every localization score with maximize = false
  bool event_task = false;     // scores must then read event lists
  bool accdoa = false;         // scores must then read frame-wise directions (SELD, OldSELD)
  std::string source;          // the metadata file, for errors
};

using TaskScores = std::vector<std::unique_ptr<TaskScore>>;
using ScoreFactory = std::function<TaskScores(const std::vector<std::string>& names, const ScoreContext&)>;

// Scores from core/eval/scores for the metadata's "evaluation" names, in order; an unknown name or
// a score that cannot read this task's outputs is a gramt::Error naming the metadata file.
TaskScores make_task_scores(const std::vector<std::string>& names, const ScoreContext& context);

}  // namespace gramt::eval::predict

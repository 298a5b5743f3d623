#include "core/eval/predict/task_scores.h"

#include "core/common/error.h"
#include "core/eval/scores/score_registry.h"

namespace gramt::eval::predict {

ScoreValue TaskScore::score_doas(const scores::SeldScoreInputs&) const {
  throw Error("score '" + name() + "' cannot read frame-wise directions");
}

namespace {

scores::Matrix to_matrix(const float* values, int64_t rows, int64_t cols) {
  scores::Matrix m;
  m.rows = rows;
  m.cols = cols;
  m.values.assign(values, values + rows * cols);  // the scores follow the kits' float64 arithmetic
  return m;
}

// One registry score seen through the predictor's interface.
class RegistryScore : public TaskScore {
 public:
  RegistryScore(const scores::ScoreInfo& info, const ScoreContext& context)
      : info_(info), localization_(context.localization) {
    if (context.vocabulary != nullptr) labels_ = context.vocabulary->labels;
  }

  std::string name() const override { return info_.logged_name; }
  // listen-eval-kit's localization path builds every score with maximize = false.
  bool maximize() const override { return localization_ ? false : info_.maximize; }
  bool logged_as_float32() const override { return info_.logged_as_float32; }

  ScoreValue score_matrix(const float* predictions, const float* targets, int64_t rows, int64_t cols) const override {
    if (info_.input == scores::ScoreInput::kLocalization) {
      scores::LocalizationScoreInputs inputs;
      inputs.predictions = to_matrix(predictions, rows, cols);
      inputs.targets = to_matrix(targets, rows, cols);
      return convert(scores::compute_score(info_.name, inputs));
    }
    scores::SceneScoreInputs inputs;
    inputs.predictions = to_matrix(predictions, rows, cols);
    inputs.targets = to_matrix(targets, rows, cols);
    inputs.labels = labels_;
    return convert(scores::compute_score(info_.name, inputs));
  }

  ScoreValue score_events(const FileEvents& predicted, const FileEvents& reference) const override {
    scores::EventScoreInputs inputs;
    inputs.predicted = predicted;
    inputs.reference = reference;
    inputs.labels = labels_;
    return convert(scores::compute_score(info_.name, inputs));
  }

  ScoreValue score_doas(const scores::SeldScoreInputs& inputs) const override {
    return convert(scores::compute_score(info_.name, inputs));
  }

 private:
  double value_of(const scores::ScoreValues& values, const std::string& key) const {
    auto it = values.find(key);
    if (it == values.end()) throw Error("internal: score '" + info_.name + "' returned no value for '" + key + "'");
    return it->second;
  }

  ScoreValue convert(const scores::ScoreValues& values) const {
    ScoreValue out;
    if (info_.parts.empty()) {
      out.parts.emplace_back("", value_of(values, info_.name));
    } else {
      out.is_tuple = true;
      for (const std::string& part : info_.parts) out.parts.emplace_back(part, value_of(values, info_.name + "_" + part));
    }
    // listen-eval-kit logs OldSELD under "SELD", so a task listing both keeps only one of them
    // under the kit's keys; the same values also go under the score's own name.
    if (info_.logged_name != info_.name) {
      out.extras.emplace_back(info_.name, out.primary());
      if (out.is_tuple) {
        for (const auto& [sub, v] : out.parts) out.extras.emplace_back(info_.name + "_" + sub, v);
      }
    }
    for (const std::string& key : info_.extra_keys) out.extras.emplace_back(key, value_of(values, key));
    return out;
  }

  scores::ScoreInfo info_;
  bool localization_;
  std::vector<std::string> labels_;
};

}  // namespace

TaskScores make_task_scores(const std::vector<std::string>& names, const ScoreContext& context) {
  TaskScores out;
  for (const std::string& name : names) {
    const scores::ScoreInfo* info = nullptr;
    try {
      info = &scores::score_info(name);
    } catch (const Error& e) {
      throw Error(context.source + ": field 'evaluation': " + e.what());
    }
    const bool reads_events = info->input == scores::ScoreInput::kEvents;
    const bool reads_doas = info->input == scores::ScoreInput::kSeld;
    if (reads_doas != context.accdoa) {
      throw Error(context.source + ": field 'evaluation': '" + name + "' scores " +
                  (reads_doas ? "frame-wise directions, which only prediction_type accdoa gives"
                              : "no frame-wise directions, but prediction_type accdoa is scored with SELD or OldSELD"));
    }
    if (!reads_doas && reads_events != context.event_task) {
      throw Error(context.source + ": field 'evaluation': '" + name + "' scores " +
                  (reads_events ? "event lists" : "one prediction per clip") + ", but this is " +
                  (context.event_task ? "an event" : "a scene") + " task");
    }
    out.push_back(std::make_unique<RegistryScore>(*info, context));
  }
  return out;
}

}  // namespace gramt::eval::predict

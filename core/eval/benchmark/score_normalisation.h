#pragma once
// s(m)-style normalised scores (GRAM, after SUPERB): (s − s_naive) / (s_best − s_naive), clipped to
// [0, 1] and shown as a percentage. Here s_best is the score's ideal value (1 for accuracies and
// F-measures, 0 for error rates and angular errors) and s_naive what a predictor that ignores the
// audio gets on the task's test labels: the majority class for accuracies, the class prevalence for
// mAP, chance for ROC AUC, no events for event scores, the mean test direction for angular
// errors, the origin for coordinate errors.
#include <optional>
#include <string>

#include "core/eval/tasks/task_folder.h"

namespace gramt::eval::benchmark {

struct ScoreScale {
  double naive = 0.0;
  double best = 1.0;
};

// nullopt where no naive baseline or no finite ideal value is defined (d_prime, unknown scores).
std::optional<ScoreScale> naive_score_scale(const std::string& score_name, const tasks::TaskFolder& task);

// Percentage in [0, 100]; NaN for a NaN score.
double normalised_score(double score, const ScoreScale& scale);

}  // namespace gramt::eval::benchmark

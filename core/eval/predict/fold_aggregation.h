#pragma once
// "aggregated_scores" over folds (spec/eval.md §3.8): for every numeric column in first-seen
// order, "<col>_mean" and "<col>_std" with pandas semantics — NaN skipped, sample std (ddof = 1),
// NaN when fewer values remain than that needs.
#include <vector>

#include <nlohmann/json.hpp>

namespace gramt::eval::predict {

nlohmann::ordered_json aggregate_fold_scores(const std::vector<nlohmann::ordered_json>& per_fold);

}  // namespace gramt::eval::predict

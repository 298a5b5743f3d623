#include "core/eval/predict/fold_aggregation.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace gramt::eval::predict {

nlohmann::ordered_json aggregate_fold_scores(const std::vector<nlohmann::ordered_json>& per_fold) {
  std::vector<std::string> columns;
  for (const auto& fold : per_fold) {
    for (auto it = fold.begin(); it != fold.end(); ++it) {
      if (!it.value().is_number()) continue;
      if (std::find(columns.begin(), columns.end(), it.key()) == columns.end()) columns.push_back(it.key());
    }
  }
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const std::string& column : columns) {
    std::vector<double> values;
    for (const auto& fold : per_fold) {
      auto it = fold.find(column);
      if (it == fold.end() || !it->is_number()) continue;
      const double v = it->get<double>();
      if (!std::isnan(v)) values.push_back(v);
    }
    double mean = std::nan("");
    double stddev = std::nan("");
    if (!values.empty()) {
      double sum = 0.0;
      for (double v : values) sum += v;
      mean = sum / static_cast<double>(values.size());
    }
    if (values.size() >= 2) {
      double squares = 0.0;
      for (double v : values) squares += (v - mean) * (v - mean);
      stddev = std::sqrt(squares / static_cast<double>(values.size() - 1));
    }
    out[column + "_mean"] = mean;
    out[column + "_std"] = stddev;
  }
  return out;
}

}  // namespace gramt::eval::predict

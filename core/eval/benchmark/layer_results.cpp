#include "core/eval/benchmark/layer_results.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace gramt::eval::benchmark {

std::string tag_without_layer(const std::string& model_tag) {
  const size_t at = model_tag.rfind("-layer=");
  if (at == std::string::npos) return model_tag;
  const std::string digits = model_tag.substr(at + 7);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return model_tag;
  return model_tag.substr(0, at);
}

std::vector<LayerTable> layer_tables(const std::vector<ResultsFile>& files) {
  std::map<std::pair<std::string, std::string>, std::vector<const ResultsFile*>> groups;
  for (const ResultsFile& f : files)
    if (f.protocol.layer >= 0) groups[{tag_without_layer(f.model_tag), f.protocol.probe}].push_back(&f);
  std::vector<LayerTable> out;
  for (const auto& [key, members] : groups) {
    LayerTable t;
    t.model = key.first;
    t.probe = key.second;
    std::set<int64_t> layers;
    std::set<std::string> tasks;
    for (const ResultsFile* f : members) {
      layers.insert(f->protocol.layer);
      for (const TaskScore& s : f->tasks) tasks.insert(s.task);
    }
    t.layers.assign(layers.begin(), layers.end());
    t.tasks.assign(tasks.begin(), tasks.end());
    t.scores.assign(t.tasks.size(), std::vector<double>(t.layers.size(), NAN));
    t.primary_scores.assign(t.tasks.size(), "");
    std::vector<bool>& lower_is_better = t.lower_is_better;
    lower_is_better.assign(t.tasks.size(), false);
    for (const ResultsFile* f : members) {
      const size_t l = static_cast<size_t>(std::find(t.layers.begin(), t.layers.end(), f->protocol.layer) - t.layers.begin());
      for (const TaskScore& s : f->tasks) {
        const size_t row = static_cast<size_t>(std::find(t.tasks.begin(), t.tasks.end(), s.task) - t.tasks.begin());
        t.scores[row][l] = s.mean;
        if (!s.primary_score.empty()) t.primary_scores[row] = s.primary_score;
        lower_is_better[row] = s.lower_is_better;
      }
    }
    for (size_t row = 0; row < t.tasks.size(); ++row) {
      int best = -1;
      for (size_t l = 0; l < t.layers.size(); ++l) {
        const double v = t.scores[row][l];
        if (!std::isfinite(v)) continue;
        const double held = best < 0 ? NAN : t.scores[row][static_cast<size_t>(best)];
        if (best < 0 || (lower_is_better[row] ? v < held : v > held)) best = static_cast<int>(l);
      }
      t.best_layer.push_back(best);
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace gramt::eval::benchmark

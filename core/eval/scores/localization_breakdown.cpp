#include "core/eval/scores/localization_breakdown.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "core/eval/scores/angles.h"

namespace gramt::eval::scores {
namespace {

double distance(double az1, double el1, double az2, double el2) {
  return spherical_distance_deg(deg2rad(az1), deg2rad(el1), deg2rad(az2), deg2rad(el2));
}

bool judged(const DirectionResult& c) {
  return std::isfinite(c.true_azimuth_deg) && std::isfinite(c.predicted_azimuth_deg) &&
         std::isfinite(c.true_elevation_deg) && std::isfinite(c.predicted_elevation_deg);
}

// The prediction is closer to `mirror` than to the truth, and the truth is not on the mirror plane
// itself (where both are the same point and nothing can be confused).
bool closer_to_mirror(const DirectionResult& c, double mirror_az, double mirror_el) {
  const double to_truth = distance(c.predicted_azimuth_deg, c.predicted_elevation_deg, c.true_azimuth_deg, c.true_elevation_deg);
  const double to_mirror = distance(c.predicted_azimuth_deg, c.predicted_elevation_deg, mirror_az, mirror_el);
  const double truth_to_mirror = distance(c.true_azimuth_deg, c.true_elevation_deg, mirror_az, mirror_el);
  return truth_to_mirror > 20.0 && to_mirror < to_truth;
}

double quantile(std::vector<double> sorted, double q) {
  if (sorted.empty()) return NAN;
  const double position = q * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(position)), hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - static_cast<double>(lo));
}

ErrorGroup group_of(const std::string& label, std::vector<double> errors) {
  ErrorGroup g;
  g.label = label;
  g.clips = errors.size();
  std::sort(errors.begin(), errors.end());
  if (!errors.empty()) {
    double sum = 0;
    for (double e : errors) sum += e;
    g.mean = sum / static_cast<double>(errors.size());
    g.median = quantile(errors, 0.5);
  }
  return g;
}

std::string range_label(double lo, double hi) {
  char text[64];
  std::snprintf(text, sizeof text, "%.3g – %.3g", lo, hi);
  return text;
}

}  // namespace

ErrorSummary summarise_errors(const std::vector<DirectionResult>& clips) {
  ErrorSummary s;
  s.clips = clips.size();
  std::vector<double> errors;
  for (const auto& c : clips)
    if (std::isfinite(c.error_deg)) errors.push_back(c.error_deg);
  s.with_direction = errors.size();
  if (errors.empty()) return s;
  std::sort(errors.begin(), errors.end());
  double sum = 0;
  size_t within_10 = 0, within_30 = 0;
  for (double e : errors) {
    sum += e;
    within_10 += e <= 10.0;
    within_30 += e <= 30.0;
  }
  const double n = static_cast<double>(errors.size());
  s.mean = sum / n;
  s.median = quantile(errors, 0.5);
  s.p90 = quantile(errors, 0.9);
  s.within_10 = static_cast<double>(within_10) / n;
  s.within_30 = static_cast<double>(within_30) / n;
  return s;
}

bool is_front_back_confusion(const DirectionResult& c) {
  // Mirror across the interaural (left–right) axis: azimuth a -> 180 − a.
  return judged(c) && closer_to_mirror(c, 180.0 - c.true_azimuth_deg, c.true_elevation_deg);
}

bool is_left_right_confusion(const DirectionResult& c) {
  // Mirror across the median plane: azimuth a -> −a.
  return judged(c) && closer_to_mirror(c, -c.true_azimuth_deg, c.true_elevation_deg);
}

bool is_up_down_confusion(const DirectionResult& c) {
  return judged(c) && std::fabs(c.true_elevation_deg) >= 10.0 && std::fabs(c.predicted_elevation_deg) >= 10.0 &&
         closer_to_mirror(c, c.true_azimuth_deg, -c.true_elevation_deg);
}

Confusions count_confusions(const std::vector<DirectionResult>& clips) {
  Confusions c;
  for (const auto& clip : clips) {
    if (!judged(clip)) continue;
    ++c.judged;
    c.front_back += is_front_back_confusion(clip);
    c.left_right += is_left_right_confusion(clip);
    c.up_down += is_up_down_confusion(clip);
  }
  return c;
}

std::vector<size_t> error_histogram(const std::vector<DirectionResult>& clips, double bin_deg) {
  const size_t bins = static_cast<size_t>(std::ceil(180.0 / bin_deg));
  std::vector<size_t> counts(bins, 0);
  for (const auto& c : clips) {
    if (!std::isfinite(c.error_deg)) continue;
    const size_t b = std::min(bins - 1, static_cast<size_t>(std::max(0.0, c.error_deg) / bin_deg));
    ++counts[b];
  }
  return counts;
}

std::vector<std::string> fact_keys(const std::vector<DirectionResult>& clips) {
  std::set<std::string> keys;
  for (const auto& c : clips) {
    for (const auto& [k, v] : c.numbers) keys.insert(k);
    for (const auto& [k, v] : c.labels) keys.insert(k);
  }
  return {keys.begin(), keys.end()};
}

std::vector<ErrorGroup> split_errors(const std::vector<DirectionResult>& clips, const std::string& key, int bins) {
  std::vector<std::pair<double, double>> numeric;  // value, error
  std::map<std::string, std::vector<double>> labelled;
  std::vector<double> missing;
  for (const auto& c : clips) {
    if (!std::isfinite(c.error_deg)) continue;
    if (auto n = c.numbers.find(key); n != c.numbers.end() && std::isfinite(n->second)) {
      numeric.emplace_back(n->second, c.error_deg);
    } else if (auto l = c.labels.find(key); l != c.labels.end()) {
      labelled[l->second].push_back(c.error_deg);
    } else {
      missing.push_back(c.error_deg);
    }
  }
  std::vector<ErrorGroup> groups;
  if (!numeric.empty()) {
    std::sort(numeric.begin(), numeric.end());
    const size_t n = numeric.size(), count = std::min<size_t>(static_cast<size_t>(std::max(1, bins)), n);
    for (size_t b = 0; b < count; ++b) {
      const size_t from = b * n / count, to = (b + 1) * n / count;
      if (to <= from) continue;
      std::vector<double> errors;
      for (size_t i = from; i < to; ++i) errors.push_back(numeric[i].second);
      groups.push_back(group_of(range_label(numeric[from].first, numeric[to - 1].first), std::move(errors)));
    }
  }
  for (auto& [label, errors] : labelled) groups.push_back(group_of(label, std::move(errors)));
  if (!missing.empty()) groups.push_back(group_of("(missing)", std::move(missing)));
  return groups;
}

}  // namespace gramt::eval::scores

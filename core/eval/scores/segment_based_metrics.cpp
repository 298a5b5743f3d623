#include "core/eval/scores/segment_based_metrics.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <unordered_map>

#include "core/common/error.h"
#include "core/eval/scores/event_based_metrics.h"
#include "core/eval/scores/event_label.h"

namespace gramt::eval::scores {
namespace {

struct SegmentSpan {
  int32_t label = 0;
  int64_t begin = 0;  // first active segment
  int64_t end = 0;    // one past the last active segment
};

// A change of the active-class counts at a segment boundary.
struct CountStep {
  int64_t position = 0;
  int64_t reference = 0;
  int64_t system = 0;
  int64_t both = 0;
};

std::vector<SegmentSpan> spans_of(const std::vector<Event>& events, const std::unordered_map<std::string, int32_t>& ids,
                                  double resolution, const std::string& file, const std::string& side) {
  std::vector<SegmentSpan> spans;
  spans.reserve(events.size());
  for (const auto& e : events) {
    const auto label = sed_event_label(e.label);
    const auto id = label ? ids.find(*label) : ids.end();
    if (id == ids.end())
      throw Error("segment_1s_er: label '" + e.label + "' of a " + side + " event in file '" + file +
                  "' is not in the label vocabulary");
    const auto begin = static_cast<int64_t>(std::floor(e.onset_ms / 1000.0 * 1.0 / resolution));
    const auto end = static_cast<int64_t>(std::ceil(e.offset_ms / 1000.0 * 1.0 / resolution));
    if (begin < end) spans.push_back({id->second, begin, end});
  }
  // Merge overlapping spans of one class: a segment is active or not.
  std::sort(spans.begin(), spans.end(), [](const SegmentSpan& a, const SegmentSpan& b) {
    return a.label != b.label ? a.label < b.label : a.begin < b.begin;
  });
  std::vector<SegmentSpan> merged;
  for (const auto& s : spans) {
    if (!merged.empty() && merged.back().label == s.label && s.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

// Boundaries of reference, system and both-active spans; both lists are merged per class and sorted.
void add_steps(const std::vector<SegmentSpan>& refs, const std::vector<SegmentSpan>& ests, std::vector<CountStep>& steps) {
  for (const auto& s : refs) {
    steps.push_back({s.begin, 1, 0, 0});
    steps.push_back({s.end, -1, 0, 0});
  }
  for (const auto& s : ests) {
    steps.push_back({s.begin, 0, 1, 0});
    steps.push_back({s.end, 0, -1, 0});
  }
  // Intersections per class: two-pointer walk over the sorted, disjoint span lists.
  size_t i = 0, j = 0;
  while (i < refs.size() && j < ests.size()) {
    const auto& a = refs[i];
    const auto& b = ests[j];
    if (a.label != b.label) {
      (a.label < b.label ? i : j)++;
      continue;
    }
    const int64_t begin = std::max(a.begin, b.begin);
    const int64_t end = std::min(a.end, b.end);
    if (begin < end) {
      steps.push_back({begin, 0, 0, 1});
      steps.push_back({end, 0, 0, -1});
    }
    (a.end < b.end ? i : j)++;
  }
}

}  // namespace

SegmentBasedResult segment_based_metrics(const EventsByFile& predicted, const EventsByFile& reference,
                                         const std::vector<std::string>& labels, double time_resolution_s) {
  if (!(time_resolution_s > 0.0) || !std::isfinite(time_resolution_s))
    throw Error("segment-based score: the time resolution must be a positive number of seconds");
  check_event_times(predicted, "predicted", "segment_1s_er");
  check_event_times(reference, "reference", "segment_1s_er");
  std::unordered_map<std::string, int32_t> ids;
  for (size_t k = 0; k < labels.size(); ++k) ids.emplace(labels[k], static_cast<int32_t>(k));

  double reference_total = 0.0, substitutions = 0.0, deletions = 0.0, insertions = 0.0;
  const std::vector<Event> no_events;
  std::vector<CountStep> steps;
  for (const auto& [file, predicted_events] : predicted) {
    const auto ref_it = reference.find(file);
    const auto& reference_events = ref_it == reference.end() ? no_events : ref_it->second;
    const auto refs = spans_of(reference_events, ids, time_resolution_s, file, "reference");
    const auto ests = spans_of(predicted_events, ids, time_resolution_s, file, "predicted");
    // Every span lies within the file's evaluated length, so no span needs cropping.
    steps.clear();
    add_steps(refs, ests, steps);
    std::sort(steps.begin(), steps.end(), [](const CountStep& a, const CountStep& b) { return a.position < b.position; });
    int64_t n_ref = 0, n_sys = 0, n_tp = 0;
    for (size_t k = 0; k < steps.size(); ++k) {
      n_ref += steps[k].reference;
      n_sys += steps[k].system;
      n_tp += steps[k].both;
      if (k + 1 == steps.size()) break;
      const auto segments = static_cast<double>(steps[k + 1].position - steps[k].position);
      if (segments == 0.0) continue;
      reference_total += segments * static_cast<double>(n_ref);
      substitutions += segments * static_cast<double>(std::min(n_ref, n_sys) - n_tp);
      deletions += segments * static_cast<double>(std::max<int64_t>(0, n_ref - n_sys));
      insertions += segments * static_cast<double>(std::max<int64_t>(0, n_sys - n_ref));
    }
  }

  SegmentBasedResult result;
  result.reference = reference_total;
  result.substitutions = substitutions;
  result.deletions = deletions;
  result.insertions = insertions;
  const double eps = DBL_EPSILON;  // numpy.spacing(1)
  result.substitution_rate = substitutions / (reference_total + eps);
  result.deletion_rate = deletions / (reference_total + eps);
  result.insertion_rate = insertions / (reference_total + eps);
  result.error_rate = result.substitution_rate + result.deletion_rate + result.insertion_rate;
  return result;
}

}  // namespace gramt::eval::scores

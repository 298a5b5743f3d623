#include "core/eval/scores/event_based_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <vector>

#include "core/common/error.h"
#include "core/eval/scores/bipartite_matching.h"
#include "core/eval/scores/event_label.h"

namespace gramt::eval::scores {
namespace {

struct TimedEvent {
  int32_t label = 0;
  double onset_s = 0.0;
  double offset_s = 0.0;
};

// Interns labels across all files so that per-file grouping compares integers.
class LabelIds {
 public:
  int32_t id_of(const std::string& raw) {
    const auto label = sed_event_label(raw);
    const std::string key = label ? *label : std::string();
    const auto found = ids_.find(key);
    if (found != ids_.end()) return found->second;
    const auto id = static_cast<int32_t>(names_.size());
    ids_.emplace(key, id);
    names_.push_back(key);
    return id;
  }
  const std::string& name(int32_t id) const { return names_[static_cast<size_t>(id)]; }
  size_t size() const { return names_.size(); }

 private:
  std::unordered_map<std::string, int32_t> ids_;
  std::vector<std::string> names_;
};

std::vector<TimedEvent> timed_sorted(const std::vector<Event>& events, LabelIds& ids) {
  std::vector<TimedEvent> out;
  out.reserve(events.size());
  for (const auto& e : events) out.push_back({ids.id_of(e.label), e.onset_ms / 1000.0, e.offset_ms / 1000.0});
  std::sort(out.begin(), out.end(), [](const TimedEvent& a, const TimedEvent& b) {
    return a.label != b.label ? a.label < b.label : a.onset_s < b.onset_s;
  });
  return out;
}

bool onset_hit(double reference_onset, double estimated_onset, double collar) {
  return std::fabs(reference_onset - estimated_onset) <= collar;
}

bool offset_hit(const TimedEvent& reference, const TimedEvent& estimated, const EventMatchingRule& rule) {
  const double length = reference.offset_s - reference.onset_s;
  return std::fabs(reference.offset_s - estimated.offset_s) <= std::max(rule.collar_s, rule.percentage_of_length * length);
}

// Onset windows: for references and estimates of one label, both sorted by onset, the estimates
// within the collar of reference j form the contiguous range [first[j], end[j]), and both bounds
// never decrease with j (the rounded difference is monotone in either argument).
void onset_windows(const TimedEvent* refs, int64_t n_ref, const TimedEvent* ests, int64_t n_est, double collar,
                   std::vector<int64_t>& first, std::vector<int64_t>& end) {
  first.assign(static_cast<size_t>(n_ref), 0);
  end.assign(static_cast<size_t>(n_ref), 0);
  int64_t lo = 0, hi = 0;
  for (int64_t j = 0; j < n_ref; ++j) {
    const double r = refs[j].onset_s;
    while (lo < n_est && ests[lo].onset_s < r && !onset_hit(r, ests[lo].onset_s, collar)) ++lo;
    hi = std::max(hi, lo);
    while (hi < n_est && (ests[hi].onset_s <= r || onset_hit(r, ests[hi].onset_s, collar))) ++hi;
    first[static_cast<size_t>(j)] = lo;
    end[static_cast<size_t>(j)] = hi;
  }
}

// Onset-only hits form a convex graph with monotone windows: giving each reference (in onset
// order) the earliest free estimate of its window is a maximum matching (exchange argument).
int64_t greedy_window_matching(const std::vector<int64_t>& first, const std::vector<int64_t>& end, int64_t n_est) {
  // next_free[i]: smallest unmatched estimate index >= i (path-compressed), n_est when none.
  std::vector<int64_t> next_free(static_cast<size_t>(n_est + 1));
  std::iota(next_free.begin(), next_free.end(), int64_t{0});
  const auto find = [&](int64_t i) {
    int64_t root = i;
    while (next_free[static_cast<size_t>(root)] != root) root = next_free[static_cast<size_t>(root)];
    while (next_free[static_cast<size_t>(i)] != root) {
      const int64_t up = next_free[static_cast<size_t>(i)];
      next_free[static_cast<size_t>(i)] = root;
      i = up;
    }
    return root;
  };
  int64_t matched = 0;
  for (size_t j = 0; j < first.size(); ++j) {
    const int64_t candidate = find(first[j]);
    if (candidate < end[j]) {
      ++matched;
      next_free[static_cast<size_t>(candidate)] = candidate + 1;
    }
  }
  return matched;
}

int64_t offset_checked_matching(const TimedEvent* refs, int64_t n_ref, const TimedEvent* ests, int64_t n_est,
                                const std::vector<int64_t>& first, const std::vector<int64_t>& end,
                                const EventMatchingRule& rule) {
  BipartiteGraph graph;
  graph.left_count = static_cast<int32_t>(n_ref);
  graph.right_count = static_cast<int32_t>(n_est);
  for (int64_t j = 0; j < n_ref; ++j) {
    for (int64_t i = first[static_cast<size_t>(j)]; i < end[static_cast<size_t>(j)]; ++i) {
      if (offset_hit(refs[j], ests[i], rule)) graph.targets.push_back(static_cast<int32_t>(i));
    }
    graph.offsets.push_back(static_cast<int32_t>(graph.targets.size()));
  }
  return maximum_matching_size(graph);
}

void check_rule(const EventMatchingRule& rule) {
  if (!(rule.collar_s > 0.0) || !std::isfinite(rule.collar_s))
    throw Error("event-based score: the collar must be a positive number of seconds");
  if (!(rule.percentage_of_length >= 0.0 && rule.percentage_of_length <= 1.0))
    throw Error("event-based score: percentage_of_length must be within [0, 1]");
}

}  // namespace

void check_event_times(const EventsByFile& events, const std::string& side, const std::string& score) {
  for (const auto& [file, list] : events) {
    for (size_t k = 0; k < list.size(); ++k) {
      const Event& e = list[k];
      const std::string where = score + ": " + side + " event " + std::to_string(k) + " of file '" + file + "'";
      if (!std::isfinite(e.onset_ms) || !std::isfinite(e.offset_ms))
        throw Error(where + " has a non-finite onset or offset");
      if (e.onset_ms < 0.0) throw Error(where + " starts before 0 ms (" + std::to_string(e.onset_ms) + ")");
      if (e.offset_ms < e.onset_ms)
        throw Error(where + " ends (" + std::to_string(e.offset_ms) + " ms) before it starts (" +
                    std::to_string(e.onset_ms) + " ms)");
    }
  }
}

FMeasure f_measure_from_counts(const EventCounts& counts) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  FMeasure f;
  f.precision = counts.system == 0.0 ? nan : counts.true_positives / counts.system;
  f.recall = counts.reference == 0.0 ? nan : counts.true_positives / counts.reference;
  if (f.precision == 0.0 && f.recall == 0.0) {
    f.f_measure = 0.0;
  } else {
    f.f_measure = 2.0 * f.precision * f.recall / (f.precision + f.recall);
  }
  return f;
}

EventBasedResult event_based_metrics(const EventsByFile& predicted, const EventsByFile& reference,
                                     const EventMatchingRule& rule) {
  check_rule(rule);
  check_event_times(predicted, "predicted", "event-based score");
  check_event_times(reference, "reference", "event-based score");

  LabelIds ids;
  std::vector<EventCounts> per_id;
  std::vector<int64_t> first, end;
  const std::vector<Event> no_events;
  for (const auto& [file, predicted_events] : predicted) {
    const auto ref_it = reference.find(file);
    const auto refs = timed_sorted(ref_it == reference.end() ? no_events : ref_it->second, ids);
    const auto ests = timed_sorted(predicted_events, ids);
    per_id.resize(ids.size());

    // Walk both lists label group by label group.
    size_t r = 0, e = 0;
    while (r < refs.size() || e < ests.size()) {
      const int32_t label = std::min(r < refs.size() ? refs[r].label : std::numeric_limits<int32_t>::max(),
                                     e < ests.size() ? ests[e].label : std::numeric_limits<int32_t>::max());
      size_t r_end = r, e_end = e;
      while (r_end < refs.size() && refs[r_end].label == label) ++r_end;
      while (e_end < ests.size() && ests[e_end].label == label) ++e_end;
      const auto n_ref = static_cast<int64_t>(r_end - r);
      const auto n_est = static_cast<int64_t>(e_end - e);
      EventCounts& counts = per_id[static_cast<size_t>(label)];
      counts.reference += static_cast<double>(n_ref);
      counts.system += static_cast<double>(n_est);
      if (n_ref > 0 && n_est > 0) {
        onset_windows(&refs[r], n_ref, &ests[e], n_est, rule.collar_s, first, end);
        const int64_t matched = rule.evaluate_offset
                                    ? offset_checked_matching(&refs[r], n_ref, &ests[e], n_est, first, end, rule)
                                    : greedy_window_matching(first, end, n_est);
        counts.true_positives += static_cast<double>(matched);
      }
      r = r_end;
      e = e_end;
    }
  }

  EventBasedResult result;
  for (size_t id = 0; id < per_id.size(); ++id) {
    const EventCounts& c = per_id[id];
    result.overall.reference += c.reference;
    result.overall.system += c.system;
    result.overall.true_positives += c.true_positives;
    if (c.reference > 0.0 || c.system > 0.0) result.per_label[ids.name(static_cast<int32_t>(id))] = c;
  }
  result.overall_f = f_measure_from_counts(result.overall);
  return result;
}

}  // namespace gramt::eval::scores

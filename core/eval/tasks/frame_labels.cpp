#include "core/eval/tasks/frame_labels.h"

namespace gramt::eval::tasks {

nlohmann::ordered_json labels_for_timestamps(const std::vector<format::TaskEvent>& events,
                                             const std::vector<float>& timestamps_ms, format::SourceDynamics dynamics) {
  constexpr double kEndPadMs = 0.0001;
  // The kits compare float32 model timestamps with the bounds; NumPy does that in float32, so the
  // bounds are rounded to float32 too (matters only for frames within rounding of an edge).
  struct Interval {
    float begin, end;
    nlohmann::ordered_json payload;
  };
  std::vector<Interval> intervals;
  intervals.reserve(events.size());
  for (const format::TaskEvent& e : events) {
    const double end = dynamics == format::SourceDynamics::dynamic_sources ? e.end_ms - kEndPadMs : e.end_ms + kEndPadMs;
    nlohmann::ordered_json payload = e.label;
    if (e.direction) payload = nlohmann::ordered_json::array({e.label, {(*e.direction)[0], (*e.direction)[1]}});
    intervals.push_back({static_cast<float>(e.start_ms), static_cast<float>(end), std::move(payload)});
  }
  nlohmann::ordered_json frames = nlohmann::ordered_json::array();
  for (const float t : timestamps_ms) {
    nlohmann::ordered_json active = nlohmann::ordered_json::array();
    for (const Interval& i : intervals)
      if (i.begin <= t && t < i.end) active.push_back(i.payload);
    frames.push_back(std::move(active));
  }
  return frames;
}

}  // namespace gramt::eval::tasks

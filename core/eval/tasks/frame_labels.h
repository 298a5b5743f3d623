#pragma once
// Labels of the frames of an event task (spec/eval.md §2.5): a frame at time t carries every event
// whose interval contains t, where the interval is [start, end + 0.0001) ms, end-inclusive in
// practice; listen-eval-kit's dynamic sources use [start, end - 0.0001) so back-to-back segments
// of one moving source do not overlap. Events with a direction carry [label, [azimuth, elevation]].
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/format/split_labels.h"
#include "core/eval/format/task_metadata.h"

namespace gramt::eval::tasks {

// One list of labels per timestamp (ms), in event order within a frame.
nlohmann::ordered_json labels_for_timestamps(const std::vector<format::TaskEvent>& events,
                                             const std::vector<float>& timestamps_ms, format::SourceDynamics dynamics);

}  // namespace gramt::eval::tasks

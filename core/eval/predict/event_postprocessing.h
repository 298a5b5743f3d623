#pragma once
// Frame probabilities of an event task -> event lists (spec/eval.md §3.9): per file, a running
// median over `median_filter_ms` (scipy reflect mode, upper median for even windows), p > 0.5,
// one event per run of active frames from the first to the last frame's timestamp, kept when it
// lasts at least `min_duration` ms. The post-processing grid is chosen per validation by the
// primary score.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/predict/param_grid.h"
#include "core/eval/scores/score_inputs.h"

namespace gramt::eval::predict {

// The scores library's event types: times in ms; per file, events sorted by onset.
using TimedEvent = scores::Event;
using FileEvents = scores::EventsByFile;

struct PostprocessingConfig {
  double median_filter_ms = 0.0;
  double min_duration_ms = 0.0;
  // The values as configured, for the output's "postprocessing" list of [key, value] pairs.
  nlohmann::json median_filter_value;
  nlohmann::json min_duration_value;

  nlohmann::ordered_json as_kit_json() const;  // [["median_filter_ms", v], ["min_duration", v]]
};

// The kit's default grid (median 250 ms; min_duration 125/250 ms hear, 250/500 ms listen) or the
// task's `evaluation_params.event_postprocessing_grid`, in ParameterGrid order.
std::vector<PostprocessingConfig> postprocessing_grid(const nlohmann::json& task_grid, KitFlavour kit,
                                                      const std::string& source);

// Which rows belong to which audio file, in timestamp order.
struct EventFrameIndex {
  std::vector<std::string> files;
  std::vector<std::vector<int64_t>> rows;           // per file, row indices sorted by timestamp
  std::vector<std::vector<double>> timestamps_ms;   // per file, sorted
};

// Groups rows by file; a timestamp repeated within a file keeps its last row (as the kit's
// timestamp-keyed dict does).
EventFrameIndex index_event_frames(const std::vector<std::string>& row_files,
                                   const std::vector<double>& row_timestamps_ms);

// Running median of length `window` over `values` (scipy.ndimage.median_filter, mode reflect).
std::vector<float> running_median_reflect(const std::vector<float>& values, int64_t window);

// probabilities: row-major (rows x classes) over all rows of the split.
FileEvents frames_to_events(const float* probabilities, int64_t classes, const EventFrameIndex& index,
                            const PostprocessingConfig& config, const std::vector<std::string>& class_labels);

// The kits' reference events from a split JSON ({file: [{"label","start","end"}, ...]}), merged
// into `into`; a file already present is an error naming `source`.
void add_reference_events(const nlohmann::json& split_json, const std::string& source, FileEvents& into);

}  // namespace gramt::eval::predict

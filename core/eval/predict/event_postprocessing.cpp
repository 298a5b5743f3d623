#include "core/eval/predict/event_postprocessing.h"

#include <algorithm>
#include <cmath>

#include "core/common/error.h"
#include "core/eval/format/python_json.h"
#include "core/eval/format/task_metadata.h"

namespace gramt::eval::predict {

nlohmann::ordered_json PostprocessingConfig::as_kit_json() const {
  return nlohmann::ordered_json::array(
      {nlohmann::ordered_json::array({"median_filter_ms", nlohmann::ordered_json::parse(median_filter_value.dump())}),
       nlohmann::ordered_json::array({"min_duration", nlohmann::ordered_json::parse(min_duration_value.dump())})});
}

std::vector<PostprocessingConfig> postprocessing_grid(const nlohmann::json& task_grid, KitFlavour kit,
                                                      const std::string& source) {
  std::vector<nlohmann::json> medians{250};
  std::vector<nlohmann::json> durations =
      kit == KitFlavour::hear ? std::vector<nlohmann::json>{125, 250} : std::vector<nlohmann::json>{250, 500};
  if (!task_grid.is_null()) {
    const std::string field = "evaluation_params.event_postprocessing_grid";
    if (!task_grid.is_object()) throw Error(source + ": " + field + " must be an object");
    for (auto it = task_grid.begin(); it != task_grid.end(); ++it) {
      if (it.key() != "median_filter_ms" && it.key() != "min_duration") {
        throw Error(source + ": " + field + " has unknown key '" + it.key() + "'");
      }
      if (!it.value().is_array() || it.value().empty()) {
        throw Error(source + ": " + field + "." + it.key() + " must be a non-empty list of numbers");
      }
      for (const auto& v : it.value()) {
        if (!v.is_number() || v.get<double>() < 0) {
          throw Error(source + ": " + field + "." + it.key() + " holds " + v.dump() + " (expected numbers >= 0)");
        }
      }
    }
    if (task_grid.contains("median_filter_ms")) medians.assign(task_grid["median_filter_ms"].begin(), task_grid["median_filter_ms"].end());
    if (task_grid.contains("min_duration")) durations.assign(task_grid["min_duration"].begin(), task_grid["min_duration"].end());
  }
  std::vector<PostprocessingConfig> grid;
  for (const auto& m : medians) {  // "median_filter_ms" sorts before "min_duration"
    for (const auto& d : durations) {
      PostprocessingConfig c;
      c.median_filter_ms = m.get<double>();
      c.min_duration_ms = d.get<double>();
      c.median_filter_value = m;
      c.min_duration_value = d;
      grid.push_back(c);
    }
  }
  return grid;
}

EventFrameIndex index_event_frames(const std::vector<std::string>& row_files,
                                   const std::vector<double>& row_timestamps_ms) {
  EventFrameIndex index;
  std::map<std::string, size_t> file_slot;
  std::vector<std::vector<std::pair<double, int64_t>>> frames;
  for (size_t row = 0; row < row_files.size(); ++row) {
    auto [it, inserted] = file_slot.emplace(row_files[row], index.files.size());
    if (inserted) {
      index.files.push_back(row_files[row]);
      frames.emplace_back();
    }
    frames[it->second].emplace_back(row_timestamps_ms[row], static_cast<int64_t>(row));
  }
  for (auto& file_frames : frames) {
    std::stable_sort(file_frames.begin(), file_frames.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<int64_t> rows;
    std::vector<double> stamps;
    for (size_t i = 0; i < file_frames.size(); ++i) {
      if (!stamps.empty() && stamps.back() == file_frames[i].first) {
        rows.back() = file_frames[i].second;  // a repeated timestamp keeps its last row
        continue;
      }
      rows.push_back(file_frames[i].second);
      stamps.push_back(file_frames[i].first);
    }
    index.rows.push_back(std::move(rows));
    index.timestamps_ms.push_back(std::move(stamps));
  }
  return index;
}

std::vector<float> running_median_reflect(const std::vector<float>& values, int64_t window) {
  const auto n = static_cast<int64_t>(values.size());
  if (window <= 1 || n == 0) return values;
  // Reflect mode repeats the edge sample: index -1 -> 0, -2 -> 1, n -> n-1 (period 2n).
  auto reflect = [n](int64_t i) {
    const int64_t period = 2 * n;
    int64_t m = ((i % period) + period) % period;
    return m < n ? m : period - 1 - m;
  };
  std::vector<float> out(values.size());
  std::vector<float> buffer(static_cast<size_t>(window));
  const int64_t before = window / 2;
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t k = 0; k < window; ++k) buffer[static_cast<size_t>(k)] = values[static_cast<size_t>(reflect(i - before + k))];
    auto middle = buffer.begin() + before;  // upper median for even windows
    std::nth_element(buffer.begin(), middle, buffer.end());
    out[static_cast<size_t>(i)] = *middle;
  }
  return out;
}

FileEvents frames_to_events(const float* probabilities, int64_t classes, const EventFrameIndex& index,
                            const PostprocessingConfig& config, const std::vector<std::string>& class_labels) {
  FileEvents events;
  for (size_t f = 0; f < index.files.size(); ++f) {
    const auto& rows = index.rows[f];
    const auto& stamps = index.timestamps_ms[f];
    const auto frames = static_cast<int64_t>(rows.size());
    int64_t window = 0;
    if (config.median_filter_ms != 0.0 && frames >= 2) {
      const double hop = (stamps.back() - stamps.front()) / static_cast<double>(frames - 1);  // mean of diffs
      window = static_cast<int64_t>(std::nearbyint(config.median_filter_ms / hop));  // ties to even, as round()
    }
    std::vector<TimedEvent> file_events;
    std::vector<float> track(static_cast<size_t>(frames));
    for (int64_t c = 0; c < classes; ++c) {
      for (int64_t t = 0; t < frames; ++t) track[static_cast<size_t>(t)] = probabilities[rows[static_cast<size_t>(t)] * classes + c];
      const std::vector<float> smoothed = window > 0 ? running_median_reflect(track, window) : track;
      int64_t t = 0;
      while (t < frames) {
        if (!(smoothed[static_cast<size_t>(t)] > 0.5f)) {
          ++t;
          continue;
        }
        int64_t last = t;
        while (last + 1 < frames && smoothed[static_cast<size_t>(last + 1)] > 0.5f) ++last;
        const double start = stamps[static_cast<size_t>(t)];
        const double end = stamps[static_cast<size_t>(last)];
        if (end - start >= config.min_duration_ms) {
          file_events.push_back({class_labels[static_cast<size_t>(c)], start, end});
        }
        t = last + 1;
      }
    }
    std::stable_sort(file_events.begin(), file_events.end(),
                     [](const TimedEvent& a, const TimedEvent& b) { return a.onset_ms < b.onset_ms; });
    events[index.files[f]] = std::move(file_events);
  }
  return events;
}

void add_reference_events(const nlohmann::json& split_json, const std::string& source, FileEvents& into) {
  if (!split_json.is_object()) throw Error(source + ": must be an object of file -> event list");
  for (auto it = split_json.begin(); it != split_json.end(); ++it) {
    if (into.count(it.key()) != 0) throw Error(source + ": file '" + it.key() + "' also appears in another split");
    if (!it.value().is_array()) throw Error(source + ": '" + it.key() + "' must list events");
    std::vector<TimedEvent> list;
    for (const auto& e : it.value()) {
      if (!e.is_object() || !e.contains("label") || !e.contains("start") || !e.contains("end") ||
          !e["start"].is_number() || !e["end"].is_number()) {
        throw Error(source + ": '" + it.key() + "' has an event without label/start/end");
      }
      list.push_back({format::python_label_string(e["label"]), e["start"].get<double>(), e["end"].get<double>()});
    }
    into[it.key()] = std::move(list);
  }
}

}  // namespace gramt::eval::predict

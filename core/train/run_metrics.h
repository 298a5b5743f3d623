#pragma once
// Follows a run's metrics.jsonl for the Train dashboard: each poll() reads only the bytes added
// since the last one (io::JsonlTail) and folds them into per-step points and event markers.
// A resumed run replays the steps after its last checkpoint, so the last record of a step wins.
// No LibTorch and no Qt here.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/io/jsonl_reader.h"

namespace gramt::train {

struct MetricPoint {
  int64_t step = 0;
  double time = 0;                     // unix seconds
  double loss = NAN, lr = NAN, crops_per_s = NAN, data_wait = NAN;  // NaN when absent or null
};

class RunMetricsReader {
 public:
  explicit RunMetricsReader(std::string metrics_path);

  // Reads only new bytes; true if anything changed. Never throws for a bad line (see warnings()).
  // A replaced or truncated file (a new run in the same folder) starts everything over.
  bool poll();

  const std::vector<MetricPoint>& points() const { return points_; }  // ascending step, last record per step
  // First step of each resumed segment: after a "resume" event (or a "start" event following
  // steps), or where a step goes backwards without one.
  const std::vector<int64_t>& resume_steps() const { return resume_steps_; }
  const std::vector<int64_t>& image_event_steps() const { return image_steps_; }          // ascending, unique
  const std::vector<int64_t>& checkpoint_event_steps() const { return checkpoint_steps_; }  // ascending, unique
  // The first kMaxWarnings problems, e.g. "metrics.jsonl line 12: not JSON".
  const std::vector<std::string>& warnings() const { return warnings_; }
  int64_t bad_lines() const { return bad_lines_; }  // all of them, also past the first kMaxWarnings
  double first_time() const { return first_time_; }  // wall time of the first record (NaN if none)
  const std::string& path() const { return path_; }

  static constexpr std::size_t kMaxWarnings = 20;

 private:
  void clear();
  void take_line(std::string_view line, int64_t line_no);
  void warn(int64_t line_no, const std::string& what);
  void add_point(const MetricPoint& point);

  std::string path_;
  io::JsonlTail tail_;
  int64_t restarts_seen_ = 0;
  std::vector<MetricPoint> points_;
  std::vector<int64_t> resume_steps_, image_steps_, checkpoint_steps_;
  std::vector<std::string> warnings_;
  int64_t bad_lines_ = 0;
  double first_time_ = NAN;
  int64_t last_step_in_file_ = -1;  // of the previous step record in file order (-1: none yet)
  bool changed_ = false;
};

}  // namespace gramt::train

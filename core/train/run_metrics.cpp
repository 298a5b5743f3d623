#include "core/train/run_metrics.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/io/flat_json_object.h"

namespace gramt::train {
namespace {

// One metrics.jsonl line, whichever parser read it.
struct Record {
  std::string event;
  bool has_step = false, step_is_whole = true;
  int64_t step = 0;
  double time = NAN, loss = NAN, lr = NAN, crops_per_s = NAN, data_wait = NAN;
};

// The numeric members a record may carry; null (JsonlWriter's NaN/Inf) and absent both give NaN.
double* number_slot(Record& r, std::string_view key) {
  if (key == "time") return &r.time;
  if (key == "loss") return &r.loss;
  if (key == "lr") return &r.lr;
  if (key == "crops_per_s") return &r.crops_per_s;
  if (key == "data_wait") return &r.data_wait;
  return nullptr;
}

void set_step(Record& r, double value) {
  r.has_step = true;
  r.step_is_whole = std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9e18;
  r.step = r.step_is_whole ? static_cast<int64_t>(value) : 0;
}

bool read_fast(std::string_view line, std::vector<io::FlatJsonField>& fields, Record& r) {
  if (!io::scan_flat_json_object(line, fields)) return false;
  for (const auto& f : fields) {
    using Kind = io::FlatJsonField::Kind;
    if (f.key == "event") {
      if (f.kind != Kind::string) continue;
      if (f.string_has_escapes) return false;  // no event name has escapes; let the general parser decode it
      r.event = std::string(f.string);
    } else if (f.key == "step") {
      if (f.kind == Kind::number) set_step(r, f.number);
      else r.has_step = true, r.step_is_whole = false;
    } else if (double* slot = number_slot(r, f.key)) {
      *slot = f.kind == Kind::number ? f.number : NAN;
    }
  }
  return true;
}

// The slow path for lines the flat scanner refuses; false when the line is not a JSON object.
bool read_general(std::string_view line, Record& r, std::string& problem) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(line);
  } catch (const nlohmann::json::parse_error&) {
    problem = "not JSON";
    return false;
  }
  if (!j.is_object()) {
    problem = "not a JSON object";
    return false;
  }
  for (const auto& [key, value] : j.items()) {
    if (key == "event" && value.is_string()) r.event = value.get<std::string>();
    else if (key == "step") {
      if (value.is_number()) set_step(r, value.get<double>());
      else r.has_step = true, r.step_is_whole = false;
    } else if (double* slot = number_slot(r, key)) {
      *slot = value.is_number() ? value.get<double>() : NAN;
    }
  }
  return true;
}

// Keeps `steps` ascending and unique; appending (the usual case) costs O(1).
void insert_sorted_unique(std::vector<int64_t>& steps, int64_t step) {
  if (steps.empty() || step > steps.back()) {
    steps.push_back(step);
    return;
  }
  const auto at = std::lower_bound(steps.begin(), steps.end(), step);
  if (*at != step) steps.insert(at, step);
}

}  // namespace

RunMetricsReader::RunMetricsReader(std::string metrics_path) : path_(std::move(metrics_path)), tail_(path_) {}

void RunMetricsReader::clear() {
  points_.clear();
  resume_steps_.clear();
  image_steps_.clear();
  checkpoint_steps_.clear();
  warnings_.clear();
  bad_lines_ = 0;
  first_time_ = NAN;
  last_step_in_file_ = -1;
}

bool RunMetricsReader::poll() {
  changed_ = false;
  auto notice_restart = [this] {
    if (tail_.restarts() == restarts_seen_) return;
    restarts_seen_ = tail_.restarts();
    clear();
    changed_ = true;
  };
  tail_.poll_lines([&](std::string_view line, int64_t line_no) {
    notice_restart();
    take_line(line, line_no);
  });
  notice_restart();
  return changed_;
}

void RunMetricsReader::warn(int64_t line_no, const std::string& what) {
  ++bad_lines_;
  changed_ = true;
  if (warnings_.size() < kMaxWarnings)
    warnings_.push_back(std::filesystem::path(path_).filename().string() + " line " + std::to_string(line_no) + ": " +
                        what);
}

void RunMetricsReader::take_line(std::string_view line, int64_t line_no) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;
  thread_local std::vector<io::FlatJsonField> fields;
  Record r;
  std::string problem;
  if (!read_fast(line, fields, r)) {
    r = Record{};
    if (!read_general(line, r, problem)) return warn(line_no, problem);
  }
  changed_ = true;
  if (std::isnan(first_time_) && std::isfinite(r.time)) first_time_ = r.time;
  const bool step_record = r.event == "step" || (r.event.empty() && r.has_step);
  const bool needs_step = step_record || r.event == "images" || r.event == "checkpoint" || r.event == "resume" ||
                          r.event == "start";
  if (needs_step && (!r.has_step || !r.step_is_whole))
    return warn(line_no, r.has_step ? "'step' is not a whole number" : "no 'step'");
  if (step_record) {
    // A step at or before the previous one, without a resume event in between: a resumed run
    // whose process wrote no event (or a restarted one).
    if (r.step <= last_step_in_file_) resume_steps_.push_back(r.step);
    last_step_in_file_ = r.step;
    MetricPoint p;
    p.step = r.step;
    p.time = r.time;
    p.loss = r.loss;
    p.lr = r.lr;
    p.crops_per_s = r.crops_per_s;
    p.data_wait = r.data_wait;
    add_point(p);
  } else if (r.event == "images") {
    insert_sorted_unique(image_steps_, r.step);
  } else if (r.event == "checkpoint") {
    insert_sorted_unique(checkpoint_steps_, r.step);
  } else if (r.event == "resume" || (r.event == "start" && last_step_in_file_ >= 0)) {
    // The event carries the steps already done; the segment's first step record is the next one.
    resume_steps_.push_back(r.step + 1);
    last_step_in_file_ = r.step;
  }
}

void RunMetricsReader::add_point(const MetricPoint& point) {
  if (points_.empty() || point.step > points_.back().step) {
    points_.push_back(point);
    return;
  }
  // A replayed step: binary search, replace in place (insert only for a step never seen before).
  const auto at = std::lower_bound(points_.begin(), points_.end(), point.step,
                                   [](const MetricPoint& p, int64_t step) { return p.step < step; });
  if (at != points_.end() && at->step == point.step) *at = point;
  else points_.insert(at, point);
}

}  // namespace gramt::train

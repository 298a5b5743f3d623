#include "core/eval/benchmark/evaluate_progress.h"

#include <algorithm>

namespace gramt::eval::benchmark {

EvaluateProgressTracker::EvaluateProgressTracker(std::function<void(const EvaluateProgress&)> sink,
                                                 Clock::duration min_interval)
    : sink_(std::move(sink)), min_interval_(min_interval), start_(Clock::now()), stage_start_(start_) {}

void EvaluateProgressTracker::begin_stage(const std::string& stage, int64_t total) {
  stage_ = stage;
  total_ = total;
  stage_start_ = Clock::now();
  last_task_.clear();
  last_done_ = -1;
  update("", 0, 0.0, stage);
}

void EvaluateProgressTracker::update(const std::string& task, int64_t done, double fraction, const std::string& what) {
  if (!sink_) return;
  const Clock::time_point now = Clock::now();
  const bool news = task != last_task_ || done != last_done_;
  if (!news && now - last_sent_ < min_interval_) return;
  last_task_ = task;
  last_done_ = done;
  last_sent_ = now;
  EvaluateProgress p;
  p.stage = stage_;
  p.task = task;
  p.done = done;
  p.total = total_;
  p.seconds = std::chrono::duration<double>(now - start_).count();
  p.what = what;
  // Linear extrapolation of this stage's pace; too noisy before a second and 2% of the work.
  const double stage_seconds = std::chrono::duration<double>(now - stage_start_).count();
  fraction = std::clamp(fraction, 0.0, 1.0);
  if (fraction >= 1.0) {
    p.eta = 0.0;
  } else if (fraction >= 0.02 && stage_seconds >= 1.0) {
    p.eta = stage_seconds * (1.0 - fraction) / fraction;
  }
  send(p);
}

void EvaluateProgressTracker::finish(int64_t total, const std::string& what) {
  stage_ = "done";
  total_ = total;
  last_task_ = "\n";  // never equal to a task name: the final event is always sent
  update("", total, 1.0, what);
}

void EvaluateProgressTracker::send(const EvaluateProgress& p) { sink_(p); }

}  // namespace gramt::eval::benchmark

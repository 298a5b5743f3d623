#pragma once
// Structured progress of `evaluate`, for machines: which stage, which task, how many tasks of the
// stage are done, time so far and an estimate of the stage's time left. `gramt-cli evaluate
// --progress json` prints one JSON object per event; the GUI reads those lines.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>

namespace gramt::eval::benchmark {

struct EvaluateProgress {
  std::string stage;  // "make-tasks" | "embed" | "predict" | "done"
  std::string task;   // the task being worked on; empty when none
  int64_t done = 0;   // tasks of this stage finished
  int64_t total = 0;  // tasks in this stage
  double seconds = 0.0;  // since the evaluation started
  double eta = NAN;      // seconds left in this stage; NaN while there is too little to go on
  std::string what;      // short text: "mini_pitch seed 2/3 grid point 1/4: epoch 5/10"
};

// Turns the stages' fine-grained reports into EvaluateProgress events: one whenever the stage,
// task or done count changes, otherwise at most one per `min_interval` (training reports every
// epoch, which would flood a pipe).
class EvaluateProgressTracker {
 public:
  using Clock = std::chrono::steady_clock;
  explicit EvaluateProgressTracker(std::function<void(const EvaluateProgress&)> sink,
                                   Clock::duration min_interval = std::chrono::milliseconds(500));

  void begin_stage(const std::string& stage, int64_t total);
  // fraction: of the whole stage, in [0, 1].
  void update(const std::string& task, int64_t done, double fraction, const std::string& what);
  void finish(int64_t total, const std::string& what);  // the "done" event, always sent

 private:
  void send(const EvaluateProgress& p);

  std::function<void(const EvaluateProgress&)> sink_;
  Clock::duration min_interval_;
  Clock::time_point start_, stage_start_, last_sent_{};
  std::string stage_;
  int64_t total_ = 0;
  std::string last_task_;
  int64_t last_done_ = -1;
};

}  // namespace gramt::eval::benchmark

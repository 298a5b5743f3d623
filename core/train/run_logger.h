#pragma once
// What a training run leaves for people and the workbench, in the run folder (run_folder.h):
// metrics.jsonl (one JSON object per step and per event, tailed by the dashboard), TensorBoard
// event files in tb/ (scalars MSE_Loss, lr-AdamW, crops_per_s; spectrogram images), the same
// images as PNG files in images/, and status.json (running / finished / stopped / crashed).
// Only the main process of a data-parallel run keeps one.
#include <memory>
#include <string>
#include <vector>

#include "core/train/resume_adjustments.h"
#include "core/train/run_folder.h"
#include "core/train/trainer.h"

namespace gramt::io {
class JsonlWriter;
}
namespace gramt::tensorboard {
class EventWriter;
}

namespace gramt::train {

class RunLogger {
 public:
  // Opens the run's files and marks it running (this process's pid and host) at `step` of
  // `steps_total`, before any slow preparation, so a failure there is recorded too.
  RunLogger(RunFolder run, int64_t step, int64_t steps_total);
  ~RunLogger();

  // The trainer's start: {"event":"start","step":0} or {"event":"resume","step":N}, which mark
  // the segments of a resumed run for the dashboard.
  void log_start(int64_t step, bool resumed);
  // A resume's changed settings: {"event":"adjust","step":N,"changes":{"trainer.steps":{"from":"6","to":"10"}},
  // "message":"trainer.steps 6 -> 10"}, written after the resume event.
  void log_adjustments(int64_t step, const std::vector<ConfigChange>& changes);
  void log_step(const StepReport& report);
  void log_images(const SpectrogramSnapshot& snapshot);
  void log_checkpoint(int64_t step, const std::string& path);
  // The end of this process: finished, stopped (on a signal, after its checkpoint) or crashed
  // (message: the error). Writes an event and status.json.
  void log_end(RunState state, int64_t step, const std::string& message);
  void log_event(const std::string& kind, const std::string& message, int64_t step);

  const RunFolder& run() const { return run_; }

 private:
  void update_status(RunState state, int64_t step, const std::string& message);

  RunFolder run_;
  RunStatus status_;
  double last_status_write_ = 0;
  std::unique_ptr<io::JsonlWriter> metrics_;
  std::unique_ptr<tensorboard::EventWriter> events_;
};

}  // namespace gramt::train

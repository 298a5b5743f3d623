#pragma once
// What a training run leaves for people and the workbench: metrics.jsonl (one JSON object per step,
// tailed by the dashboard), TensorBoard event files in tb/ (scalars MSE_Loss, lr-AdamW, crops_per_s;
// spectrogram images), and the same images as PNG files in images/.
#include <memory>
#include <string>

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
  explicit RunLogger(const std::string& run_dir);
  ~RunLogger();

  void log_step(const StepReport& report);
  void log_images(const SpectrogramSnapshot& snapshot);
  void log_event(const std::string& kind, const std::string& message, int64_t step);  // checkpoints, stops

 private:
  std::string run_dir_;
  std::unique_ptr<io::JsonlWriter> metrics_;
  std::unique_ptr<tensorboard::EventWriter> events_;
};

}  // namespace gramt::train

#include "core/train/run_logger.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/common/atomic_file.h"
#include "core/io/jsonl_writer.h"
#include "core/io/tensorboard/event_writer.h"
#include "core/io/tensorboard/spectrogram_image.h"

namespace gramt::train {
namespace {

double unix_time() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

RunLogger::RunLogger(const std::string& run_dir)
    : run_dir_(run_dir),
      metrics_(std::make_unique<io::JsonlWriter>((std::filesystem::path(run_dir) / "metrics.jsonl").string())),
      events_(std::make_unique<tensorboard::EventWriter>((std::filesystem::path(run_dir) / "tb").string())) {}

RunLogger::~RunLogger() = default;

void RunLogger::log_step(const StepReport& r) {
  metrics_->append({{"event", "step"}, {"step", r.step}, {"time", unix_time()}, {"loss", r.loss}, {"lr", r.lr},
                    {"crops_per_s", r.crops_per_second}, {"data_wait", r.data_wait_fraction}, {"step_seconds", r.seconds}});
  events_->add_scalar("MSE_Loss", r.loss, r.step);
  events_->add_scalar("lr-AdamW", r.lr, r.step);
  events_->add_scalar("crops_per_s", r.crops_per_second, r.step);
  events_->add_scalar("data_wait_fraction", r.data_wait_fraction, r.step);
}

void RunLogger::log_images(const SpectrogramSnapshot& s) {
  namespace fs = std::filesystem;
  const std::pair<const char*, const torch::Tensor*> panels[] = {{"input_spectrogram", &s.input},
                                                                 {"masked_spectrogram", &s.masked},
                                                                 {"target_spectrogram", &s.target},
                                                                 {"generated_spectrogram", &s.prediction}};
  for (const auto& [tag, tensor] : panels) {
    const torch::Tensor t = tensor->contiguous();  // (C, F, T)
    const std::vector<float> values(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    const auto png = tensorboard::render_spectrogram_panels_png(values, static_cast<int>(t.size(0)),
                                                                 static_cast<int>(t.size(1)), static_cast<int>(t.size(2)));
    events_->add_image(tag, png.png, png.height, png.width, s.step);
    char name[96];
    std::snprintf(name, sizeof(name), "step-%08lld-%s.png", static_cast<long long>(s.step), tag);
    write_file_atomically((fs::path(run_dir_) / "images" / name).string(), png.png);
  }
  metrics_->append({{"event", "images"}, {"step", s.step}, {"time", unix_time()}});
}

void RunLogger::log_event(const std::string& kind, const std::string& message, int64_t step) {
  metrics_->append({{"event", kind}, {"step", step}, {"time", unix_time()}, {"message", message}});
}

}  // namespace gramt::train

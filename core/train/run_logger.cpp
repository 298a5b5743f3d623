#include "core/train/run_logger.h"

#include <unistd.h>

#include <chrono>
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

// status.json is refreshed this often while steps run, so a reader can tell a live run's progress
// without tailing metrics.jsonl; seldom enough to cost nothing.
constexpr double kStatusRefreshSeconds = 30;

}  // namespace

RunLogger::RunLogger(RunFolder run, int64_t step, int64_t steps_total)
    : run_(std::move(run)),
      metrics_(std::make_unique<io::JsonlWriter>(run_.metrics_path())),
      events_(std::make_unique<tensorboard::EventWriter>(run_.tensorboard_dir())) {
  status_.steps_total = steps_total;
  status_.pid = static_cast<int64_t>(::getpid());
  status_.host = this_host_name();
  status_.started = unix_time();
  update_status(RunState::running, step, "");
}

RunLogger::~RunLogger() = default;

void RunLogger::update_status(RunState state, int64_t step, const std::string& message) {
  status_.state = state;
  status_.step = step;
  status_.message = message;
  status_.updated = unix_time();
  write_run_status(run_, status_);
  last_status_write_ = status_.updated;
}

void RunLogger::log_start(int64_t step, bool resumed) {
  metrics_->append({{"event", resumed ? "resume" : "start"}, {"step", step}, {"time", unix_time()},
                    {"steps_total", status_.steps_total}});
  update_status(RunState::running, step, "");
}

void RunLogger::log_adjustments(int64_t step, const std::vector<ConfigChange>& changes) {
  nlohmann::json by_key = nlohmann::json::object();
  std::string message;
  for (const auto& c : changes) {
    by_key[c.key] = {{"from", c.from}, {"to", c.to}};
    message += (message.empty() ? "" : ", ") + c.key + " " + (c.from.empty() ? "(unset)" : c.from) + " -> " + c.to;
  }
  metrics_->append({{"event", "adjust"}, {"step", step}, {"time", unix_time()}, {"changes", by_key}, {"message", message}});
}

void RunLogger::log_step(const StepReport& r) {
  const double now = unix_time();
  metrics_->append({{"event", "step"}, {"step", r.step}, {"time", now}, {"loss", r.loss}, {"lr", r.lr},
                    {"crops_per_s", r.crops_per_second}, {"data_wait", r.data_wait_fraction}, {"step_seconds", r.seconds}});
  events_->add_scalar("MSE_Loss", r.loss, r.step);
  events_->add_scalar("lr-AdamW", r.lr, r.step);
  events_->add_scalar("crops_per_s", r.crops_per_second, r.step);
  events_->add_scalar("data_wait_fraction", r.data_wait_fraction, r.step);
  if (now - last_status_write_ >= kStatusRefreshSeconds) update_status(RunState::running, r.step, "");
}

void RunLogger::log_images(const SpectrogramSnapshot& s) {
  const torch::Tensor* panels[] = {&s.input, &s.masked, &s.target, &s.prediction};  // kImageTags' order
  for (std::size_t i = 0; i < std::size(kImageTags); ++i) {
    const torch::Tensor t = panels[i]->contiguous();  // (C, F, T)
    const std::vector<float> values(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    const auto png = tensorboard::render_spectrogram_panels_png(values, static_cast<int>(t.size(0)),
                                                                 static_cast<int>(t.size(1)), static_cast<int>(t.size(2)));
    events_->add_image(kImageTags[i], png.png, png.height, png.width, s.step);
    write_file_atomically(run_.image_path(s.step, kImageTags[i]), png.png);
  }
  metrics_->append({{"event", "images"}, {"step", s.step}, {"time", unix_time()}});
}

void RunLogger::log_checkpoint(int64_t step, const std::string& path) {
  log_event("checkpoint", path, step);
  update_status(RunState::running, step, "");
}

void RunLogger::log_end(RunState state, int64_t step, const std::string& message) {
  log_event(to_string(state), message, step);
  metrics_->sync();
  update_status(state, step, message);
}

void RunLogger::log_event(const std::string& kind, const std::string& message, int64_t step) {
  metrics_->append({{"event", kind}, {"step", step}, {"time", unix_time()}, {"message", message}});
}

}  // namespace gramt::train

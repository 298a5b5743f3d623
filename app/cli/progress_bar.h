#pragma once
// A one-line terminal progress bar fed by a core ProgressSink; silent when stderr is not a terminal
// (logs and CI stay readable), except for the final line.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>

#include "core/common/progress.h"

namespace gramt::cli {

// A log line printed above a progress bar drawn on the same terminal line (clears the bar first).
inline void print_log_line(const std::string& line) {
  std::fprintf(stderr, isatty(STDERR_FILENO) ? "\r%s\033[K\n" : "%s\n", line.c_str());
}

// While alive, Ctrl-C sets cancelled() instead of killing the process, so long work stops at its
// next check and cleans up; the previous SIGINT handler comes back on destruction. With
// also_sigterm, SIGTERM (what the workbench's Stop and job schedulers send) cancels the same way.
class CtrlCCancels {
 public:
  explicit CtrlCCancels(bool also_sigterm = false)
      : previous_(std::signal(SIGINT, request)), also_sigterm_(also_sigterm) {
    if (also_sigterm_) previous_term_ = std::signal(SIGTERM, request);
    flag().store(false);
  }
  ~CtrlCCancels() {
    std::signal(SIGINT, previous_);
    if (also_sigterm_) std::signal(SIGTERM, previous_term_);
  }
  CtrlCCancels(const CtrlCCancels&) = delete;
  CtrlCCancels& operator=(const CtrlCCancels&) = delete;

  const std::atomic<bool>* flag_ptr() const { return &flag(); }

 private:
  static std::atomic<bool>& flag() {
    static std::atomic<bool> requested{false};
    return requested;
  }
  static void request(int) { flag().store(true); }
  void (*previous_)(int);
  bool also_sigterm_;
  void (*previous_term_)(int) = SIG_DFL;
};

class ProgressBar {
 public:
  explicit ProgressBar(std::string label) : label_(std::move(label)), start_(std::chrono::steady_clock::now()) {}
  ~ProgressBar() { finish(); }

  ProgressSink sink() {
    ProgressSink s;
    s.on_progress = [this](double f, const std::string& what) { draw(f, what); };
    return s;
  }

  void draw(double fraction, const std::string& what) {
    if (!isatty(STDERR_FILENO)) return;
    const auto now = std::chrono::steady_clock::now();
    if (fraction < 1.0 && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
    const int width = 30, filled = static_cast<int>(fraction * width);
    std::fprintf(stderr, "\r%s [%s%s] %5.1f%% %s  %.0fs elapsed, ETA %.0fs   ", label_.c_str(),
                 std::string(static_cast<size_t>(filled), '#').c_str(),
                 std::string(static_cast<size_t>(width - filled), '.').c_str(), 100 * fraction, what.c_str(), elapsed, eta);
    drawn_ = true;
  }

  void finish() {
    if (drawn_) std::fprintf(stderr, "\n");
    drawn_ = false;
  }

 private:
  std::string label_;
  std::chrono::steady_clock::time_point start_, last_{};
  bool drawn_ = false;
};

}  // namespace gramt::cli

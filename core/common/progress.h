#pragma once
// Progress reporting and cancellation for long operations (the params-struct + callback pattern):
// a long function takes a `const ProgressSink&`, calls report() now and then and checkpoint() at
// places where stopping is safe. The CLI draws a bar from the callback, the GUI forwards it to a
// progress widget from its worker thread.
#include <atomic>
#include <functional>
#include <string>

#include "core/common/error.h"

namespace gramt {

struct ProgressSink {
  // fraction in [0, 1]; what is a short description of the current stage.
  std::function<void(double fraction, const std::string& what)> on_progress;
  const std::atomic<bool>* cancel = nullptr;

  bool cancelled() const { return cancel != nullptr && cancel->load(std::memory_order_relaxed); }
  void report(double fraction, const std::string& what) const {
    if (on_progress) on_progress(fraction, what);
  }
  // Throws gramt::Cancelled when the user asked to stop.
  void checkpoint() const {
    if (cancelled()) throw Cancelled();
  }
};

}  // namespace gramt

#include "core/data/skip_log.h"

#include <iostream>

namespace gramt::data {

SkipLog::SkipLog(WarningSink sink) : sink_(std::move(sink)) {}

void SkipLog::skip(const std::string& name, const std::string& reason) {
  bool first;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++count_;
    first = seen_.insert(name).second;
    if (first) items_.push_back({name, reason});
  }
  if (!first) return;
  const std::string message = "skipping " + name + ": " + reason;
  if (sink_)
    sink_(message);
  else
    std::cerr << "warning: " << message << '\n';
}

int64_t SkipLog::count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return count_;
}

std::vector<SkippedItem> SkipLog::items() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return items_;
}

}  // namespace gramt::data

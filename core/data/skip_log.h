#pragma once
// The record of items the pipeline had to leave out (corrupt audio, tar members without audio,
// unreadable shards): one warning per distinct item, a count of every skip, the names kept for
// reports. Shared by all threads of a loader.
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace gramt::data {

struct SkippedItem {
  std::string name;
  std::string reason;
};

class SkipLog {
 public:
  using WarningSink = std::function<void(const std::string& message)>;

  // An empty sink writes warnings to stderr, so a skip is never silent.
  explicit SkipLog(WarningSink sink = {});

  void skip(const std::string& name, const std::string& reason);

  int64_t count() const;                   // every skip, an item skipped in two epochs counts twice
  std::vector<SkippedItem> items() const;  // distinct items, first reason, in order of first skip

 private:
  WarningSink sink_;
  mutable std::mutex mutex_;
  int64_t count_ = 0;
  std::set<std::string> seen_;
  std::vector<SkippedItem> items_;
};

}  // namespace gramt::data

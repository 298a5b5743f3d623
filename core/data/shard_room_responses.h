#pragma once
// Room responses streamed from WebDataset tar shards, as the reference trained with: each sample's
// `npy` member is one scene record shaped (responses, channels, taps), source first, noise sources
// after (scene::split_response_stack), at the data set's sample rate. Records are read in a shuffled,
// endless stream (every pass reshuffles the shards); a damaged member is skipped with a warning.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "core/data/shard_source.h"
#include "core/scene/scene_responses.h"

namespace gramt::data {

class ShardRoomResponses : public scene::SceneResponseSource {
 public:
  // Throws gramt::Error before any training when no shard of `pattern` exists or the shards hold no
  // readable response record.
  ShardRoomResponses(const std::string& pattern, int sample_rate, uint64_t seed, std::shared_ptr<SkipLog> skips = nullptr);

  int sample_rate() const override { return sample_rate_; }
  // The next record of the stream; `rng` is unused (the stream's order is seeded at construction).
  // Loader threads share one reader, so draws are serialised.
  scene::SceneResponses draw(std::mt19937_64& rng) const override;

 private:
  scene::SceneResponses next_locked() const;

  int sample_rate_;
  std::shared_ptr<SkipLog> skips_;
  mutable std::mutex mutex_;
  mutable std::unique_ptr<ShardSource> source_;
  mutable uint64_t epoch_ = 0;
};

}  // namespace gramt::data

#include "core/data/shard_room_responses.h"

#include "core/common/error.h"
#include "core/io/npy.h"
#include "core/scene/room_response_set.h"

namespace gramt::data {

ShardRoomResponses::ShardRoomResponses(const std::string& pattern, int sample_rate, uint64_t seed,
                                       std::shared_ptr<SkipLog> skips)
    : sample_rate_(sample_rate), skips_(skips ? std::move(skips) : std::make_shared<SkipLog>()) {
  ShardSourceParams params;
  params.patterns = {pattern};
  params.audio_extensions = {"npy"};
  params.shuffle_buffer = 16;  // records are large (≈ 1 MB each); shard order does most of the mixing
  params.seed = seed;
  source_ = std::make_unique<ShardSource>(params, skips_);
  source_->start_epoch(epoch_);
  std::lock_guard<std::mutex> lock(mutex_);
  next_locked();  // fail now, not mid-run, when no record is readable
}

scene::SceneResponses ShardRoomResponses::next_locked() const {
  // Two passes without one good record means there is none at all.
  for (int empty_passes = 0; empty_passes < 2;) {
    std::optional<AudioRecord> record = source_->next_record();
    if (!record) {
      source_->start_epoch(++epoch_);
      ++empty_passes;
      continue;
    }
    try {
      const io::NpyArray array = io::parse_npy(record->encoded, record->name);
      return scene::split_response_stack(array.to_float(), array.shape, record->name);
    } catch (const Error& e) {
      skips_->skip(record->name, e.what());
    }
  }
  throw Error(source_->describe() + ": no readable room-response record (.npy shaped (responses, channels, taps))");
}

scene::SceneResponses ShardRoomResponses::draw(std::mt19937_64& /*rng*/) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return next_locked();
}

}  // namespace gramt::data

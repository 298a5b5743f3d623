#pragma once
// A collection of training audio read pass by pass: a folder of files or a list of tar shards.
// Sources hand out undecoded records (cheap, sequential); decoding happens where the work is spread
// over threads. next_item() is the one-thread convenience that decodes too.
#include <cstdint>
#include <optional>
#include <string>

#include "core/data/audio_record.h"
#include "core/data/skip_log.h"

namespace gramt::data {

class AudioSource {
 public:
  virtual ~AudioSource() = default;

  // Begins pass number `epoch`; the order within a pass may depend on the epoch and the seed.
  virtual void start_epoch(uint64_t epoch) = 0;
  // The next record of the current pass; nullopt when the pass is over.
  virtual std::optional<AudioRecord> next_record() = 0;
  // One line for messages: the folder or the shard patterns.
  virtual std::string describe() const = 0;
};

// The next item of the pass, decoded to channel 0 at `sample_rate`. Items that fail to decode are
// reported to `skips` and passed over; nullopt when the pass is over.
std::optional<AudioItem> next_item(AudioSource& source, int sample_rate, SkipLog& skips);

}  // namespace gramt::data

#pragma once
// WebDataset tar shards as an audio source: shards named by brace patterns, each pass visiting this
// rank's share of them in a seeded order, samples streamed through a bounded shuffle buffer. A
// sample's audio is its first member with an audio extension (flac, then wav by default), its
// metadata the json member kept as text.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/data/audio_source.h"
#include "core/data/random.h"
#include "core/data/shuffle_buffer.h"
#include "core/data/skip_log.h"
#include "core/data/tar_shard_reader.h"

namespace gramt::data {

struct ShardSourceParams {
  std::vector<std::string> patterns;                   // e.g. "/data/unbal_train{000..869}.tar"
  std::vector<std::string> audio_extensions{"flac", "wav"};  // in order of preference
  int shuffle_buffer = 1000;   // samples held for shuffling (memory: that many encoded clips); 1 = off
  bool shuffle_shards = true;  // permute the shard list every pass
  double data_ratio = 1.0;     // share of the shards used: the first data_shard_count() of them
  uint64_t seed = 0;
  int rank = 0;                // this reader's share: shards at positions rank, rank + world_size, ...
  int world_size = 1;          // (positions in the pass's shard order)
  int raw_sample_rate = 0;     // rate of headerless .npy audio members (the reference's WHAM! shards)
};

// How many of `total` shards a data_ratio keeps: ceil(ratio · total), at least 1. For AudioSet's
// 870 shards the reference's own choices are kept (0.01 → 16, 0.05 → 44, 0.1 → 87, 0.25 → 218,
// 0.5 → 435).
int64_t data_shard_count(int64_t total, double data_ratio);

class ShardSource : public AudioSource {
 public:
  // Expands the patterns and checks the shards exist (missing ones are left out with a warning).
  // Throws gramt::Error when no shard exists, or when this rank would get no shard.
  // `skips` receives samples without audio and damaged archives; may be shared with a loader.
  explicit ShardSource(ShardSourceParams params, std::shared_ptr<SkipLog> skips = nullptr);

  void start_epoch(uint64_t epoch) override;
  std::optional<AudioRecord> next_record() override;
  std::string describe() const override;

  const std::vector<std::string>& shards() const { return shards_; }  // all existing shards, pattern order
  std::vector<std::string> shards_of_epoch(uint64_t epoch) const;     // this rank's, in visiting order
  const SkipLog& skips() const { return *skips_; }

 private:
  std::optional<AudioRecord> read_one();  // next record from the shards, before shuffling
  std::optional<AudioRecord> to_record(const std::string& shard, ShardSample sample);

  ShardSourceParams params_;
  std::shared_ptr<SkipLog> skips_;
  std::vector<std::string> shards_;
  std::vector<std::string> epoch_shards_;
  size_t next_shard_ = 0;
  std::unique_ptr<TarShardReader> reader_;
  ShuffleBuffer<AudioRecord> buffer_;
};

}  // namespace gramt::data

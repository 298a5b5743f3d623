#pragma once
// Which records make up each batch. The loader asks for batch k's records in increasing k from one
// thread at a time; what it gets decides the batch's content, so this is where determinism and
// resuming are settled:
// * a folder is an endless sequence of epochs, each a seeded permutation of the sorted file list;
//   batch k of rank r holds global positions ((k·world + r)·B ...), so any batch can be produced
//   directly: resuming at batch k is exact.
// * a shard stream cannot jump: batch k holds the next B records of the stream. Starting at k = 0
//   reproduces the stream exactly (same shards, seed, rank, buffer size); starting at k > 0 begins
//   fresh passes whose shard order and shuffle are seeded by (seed, k) — reproducible, but not the
//   records the uninterrupted run would have seen (reading and discarding k·B records instead would
//   take about as long as the original run took to read them).
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/data/audio_record.h"
#include "core/data/folder_source.h"
#include "core/data/random.h"
#include "core/data/shard_source.h"

namespace gramt::data {

class ClipSequence {
 public:
  virtual ~ClipSequence() = default;
  // The `count` records of batch `batch`.
  virtual std::vector<AudioRecord> batch_records(int64_t batch, int count) = 0;
  // A stand-in for a record that failed to decode (attempt 1, 2, ...), or nullopt when this sequence
  // cannot offer one; the loader then reuses another clip of the same batch. Thread-safe.
  virtual std::optional<AudioRecord> replacement(const AudioRecord& failed, int attempt) const = 0;
  // Whether starting at batch k gives exactly the batches an uninterrupted run gives from k.
  virtual bool exact_resume() const = 0;
};

class FolderClipSequence : public ClipSequence {
 public:
  // `stream` separates the clip order from the noise order of the same seed.
  FolderClipSequence(std::shared_ptr<const FolderSource> folder, uint64_t seed, RandomStream stream, int rank = 0,
                     int world_size = 1);

  std::vector<AudioRecord> batch_records(int64_t batch, int count) override;
  // The next file of the sorted list after the failed one (attempt places further on).
  std::optional<AudioRecord> replacement(const AudioRecord& failed, int attempt) const override;
  bool exact_resume() const override { return true; }

 private:
  std::shared_ptr<const FolderSource> folder_;
  uint64_t seed_;
  RandomStream stream_;
  int rank_, world_size_;
  int64_t cached_epoch_ = -1;
  std::vector<int64_t> permutation_;
};

class ShardClipSequence : public ClipSequence {
 public:
  // `first_batch` is the batch the loader starts at (see the header comment for k > 0).
  ShardClipSequence(std::shared_ptr<ShardSource> shards, int64_t first_batch);

  // Throws gramt::Error when a whole pass over this rank's shards yields no record.
  std::vector<AudioRecord> batch_records(int64_t batch, int count) override;
  std::optional<AudioRecord> replacement(const AudioRecord&, int) const override { return std::nullopt; }
  bool exact_resume() const override { return false; }

 private:
  uint64_t epoch_id(uint64_t pass) const;

  std::shared_ptr<ShardSource> shards_;
  int64_t first_batch_;
  int64_t expected_batch_;
  uint64_t pass_ = 0;
  int64_t records_in_pass_ = 0;
};

}  // namespace gramt::data

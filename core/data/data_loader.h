#pragma once
// The threaded training data loader. Worker threads build whole batches (decode → prepare → scene →
// log-mel → crops/masks) into a bounded prefetch queue that the trainer drains in batch order.
//
// Determinism: batch k is built from the records the clip sequence assigns to k and from a random
// generator seeded by (seed, k, rank) alone, so its content does not depend on the number of
// workers or on timing. Starting the loader at start_batch = k gives the batch k of an uninterrupted
// run exactly for folder sources (see clip_sequence.h for shard streams).
//
// Corrupt items: a clip that fails to decode is reported to the skip log and replaced by the
// sequence's stand-in (a folder's next file) or, for streams, by another clip of the same batch, so
// every batch has B clips. Noise is replaced the same way, or left out for that clip.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/data/batch_builder.h"
#include "core/data/clip_sequence.h"
#include "core/data/skip_log.h"

namespace gramt::data {

struct DataLoaderParams {
  BatchSpec batch;
  int clips_per_batch = 96;      // B: clips per batch of this rank (crops per batch = B · samples_per_audio)
  int workers = 2;               // threads building batches
  int prefetch_batches = 4;      // ready or in-progress batches ahead of the consumer
  uint64_t seed = 0;
  int64_t start_batch = 0;       // first batch delivered (resume)
  int rank = 0;                  // only mixes the per-batch random seed; sequences handle the data share
  int max_replacements = 16;     // stand-ins tried for a clip that fails to decode

  void validate() const;         // throws gramt::Error naming the field
};

struct LoaderCounters {
  int64_t batches_built = 0;         // finished by workers, prefetched ones included
  int64_t batches_delivered = 0;     // handed to the consumer
  int64_t items_skipped = 0;         // distinct items skipped so far (skipped_items() names them)
  int64_t skip_events = 0;           // every skip; an item skipped in two epochs counts twice
  double wait_seconds_total = 0.0;   // time the consumer spent blocked in next()
  double last_wait_seconds = 0.0;    // of the latest next()
};

class DataLoader {
 public:
  // Starts the workers at once. `noise` may be null (no noise); `scenes` may be null when neither
  // noise nor rooms are used. `skips` collects every skipped item (one is made when null).
  DataLoader(DataLoaderParams params, std::shared_ptr<ClipSequence> clips, std::shared_ptr<ClipSequence> noise,
             std::shared_ptr<const SceneRenderer> scenes, std::shared_ptr<SkipLog> skips = nullptr);
  // Stops and joins the workers; batches in the queue are dropped.
  ~DataLoader();
  DataLoader(const DataLoader&) = delete;
  DataLoader& operator=(const DataLoader&) = delete;

  // The next batch in order (start_batch, start_batch + 1, ...); blocks until it is ready.
  // Rethrows the error of a batch that could not be built (also on every later call).
  TrainingBatch next();

  // Stops the workers early (the destructor does this too); next() then throws.
  void stop();

  int64_t next_batch_index() const;  // the batch next() returns
  LoaderCounters counters() const;
  std::vector<SkippedItem> skipped_items() const { return skips_->items(); }
  bool exact_resume() const;         // whether start_batch resumes exactly (folder sources)

 private:
  struct Slot {
    std::optional<TrainingBatch> batch;
    std::exception_ptr error;
  };
  struct Prepared {
    std::vector<std::vector<float>> signals;  // empty signal = could not be decoded
    std::vector<std::string> names;           // of the record actually used (replacements included)
  };
  void work();
  TrainingBatch build_batch(int64_t index, const std::vector<AudioRecord>& clip_records,
                            const std::vector<AudioRecord>& noise_records) const;
  Prepared prepare_all(const std::vector<AudioRecord>& records, const ClipSequence& sequence, bool fixed_length) const;

  DataLoaderParams params_;
  std::shared_ptr<ClipSequence> clips_, noise_;
  std::shared_ptr<SkipLog> skips_;
  BatchBuilder builder_;

  mutable std::mutex mutex_;                 // guards the queue state below
  std::condition_variable work_cv_, ready_cv_;
  int64_t next_to_claim_, next_to_deliver_;
  std::map<int64_t, Slot> ready_;
  std::exception_ptr failure_;
  int64_t batches_built_ = 0, batches_delivered_ = 0;
  double wait_total_ = 0.0, wait_last_ = 0.0;

  std::mutex sequence_mutex_;                // records are taken from the sequences in batch order
  std::condition_variable sequence_cv_;
  int64_t next_to_fetch_;

  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

}  // namespace gramt::data

#include "core/data/clip_sequence.h"

#include <algorithm>

#include "core/common/error.h"

namespace gramt::data {

FolderClipSequence::FolderClipSequence(std::shared_ptr<const FolderSource> folder, uint64_t seed, RandomStream stream,
                                       int rank, int world_size)
    : folder_(std::move(folder)), seed_(seed), stream_(stream), rank_(rank), world_size_(world_size) {
  if (!folder_) throw Error("folder clip sequence: no folder");
  if (world_size_ < 1 || rank_ < 0 || rank_ >= world_size_)
    throw Error("folder clip sequence: rank " + std::to_string(rank_) + " is outside world size " +
                std::to_string(world_size_));
}

std::vector<AudioRecord> FolderClipSequence::batch_records(int64_t batch, int count) {
  const int64_t n = folder_->size();
  std::vector<AudioRecord> out;
  out.reserve(static_cast<size_t>(count));
  const int64_t first = (batch * world_size_ + rank_) * count;
  for (int64_t position = first; position < first + count; ++position) {
    const int64_t epoch = position / n;
    if (epoch != cached_epoch_) {
      permutation_ = Rng(derive_seed(seed_, stream_, static_cast<uint64_t>(epoch))).permutation(n);
      cached_epoch_ = epoch;
    }
    out.push_back(folder_->record(permutation_[static_cast<size_t>(position % n)]));
  }
  return out;
}

std::optional<AudioRecord> FolderClipSequence::replacement(const AudioRecord& failed, int attempt) const {
  const auto& paths = folder_->paths();
  const int64_t n = folder_->size();
  if (attempt >= n) return std::nullopt;
  const auto it = std::lower_bound(paths.begin(), paths.end(), failed.path);
  if (it == paths.end() || *it != failed.path) return std::nullopt;
  return folder_->record(((it - paths.begin()) + attempt) % n);
}

ShardClipSequence::ShardClipSequence(std::shared_ptr<ShardSource> shards, int64_t first_batch)
    : shards_(std::move(shards)), first_batch_(first_batch), expected_batch_(first_batch) {
  if (!shards_) throw Error("shard clip sequence: no shard source");
  shards_->start_epoch(epoch_id(0));
}

uint64_t ShardClipSequence::epoch_id(uint64_t pass) const {
  // Passes of a run started at batch 0 are numbered 0, 1, 2, ...; a run started later gets its own.
  return (static_cast<uint64_t>(first_batch_) << 32) + pass;
}

std::vector<AudioRecord> ShardClipSequence::batch_records(int64_t batch, int count) {
  if (batch != expected_batch_)
    throw Error("shard stream: batch " + std::to_string(batch) + " asked for, but the stream is at batch " +
                std::to_string(expected_batch_));
  ++expected_batch_;
  std::vector<AudioRecord> out;
  out.reserve(static_cast<size_t>(count));
  while (static_cast<int>(out.size()) < count) {
    if (auto record = shards_->next_record()) {
      out.push_back(std::move(*record));
      ++records_in_pass_;
      continue;
    }
    if (records_in_pass_ == 0)
      throw Error(shards_->describe() + ": a whole pass over the shards gave no audio sample");
    shards_->start_epoch(epoch_id(++pass_));
    records_in_pass_ = 0;
  }
  return out;
}

}  // namespace gramt::data

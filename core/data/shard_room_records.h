#pragma once
// A fixed, ordered set of room-response records read from WebDataset shards (the reference's BRIR
// records: each sample's `npy` member shaped (responses, channels, taps), source first), for
// makers that must pick a record by number rather than stream them: the same records in the same
// order on every run, so a scene drawn from a seed is the same everywhere. Held in memory, so the
// count and each response's length are capped.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/scene/scene_responses.h"

namespace gramt::data {

struct ShardRoomRecordsParams {
  std::string pattern;      // brace pattern of tar shards, e.g. "/data/brirs/train-{000..099}.tar"
  int records_rate = 32000;  // the rate the records were made at (npy holds none)
  int sample_rate = 32000;   // the rate wanted; records at another rate are resampled
  int channels = 2;          // channels each response must have
  size_t max_records = 512;  // read at most this many (shards in pattern order, members in archive order)
  size_t max_taps = 64000;   // responses cut to this many taps at sample_rate (the reference's HEAR recipe: 2 s)
  std::function<void(const std::string& line)> log;  // damaged members, shards missing
};

// Throws gramt::Error naming the pattern when no shard exists or no record is readable, and naming
// the record when its channel count is not `channels`. Damaged members are left out (logged);
// which ones is fixed by the bytes, so the set is still the same on every run.
std::vector<scene::SceneResponses> read_shard_room_records(const ShardRoomRecordsParams& params);

}  // namespace gramt::data

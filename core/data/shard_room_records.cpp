#include "core/data/shard_room_records.h"

#include <filesystem>

#include "core/audio/resample.h"
#include "core/common/error.h"
#include "core/data/brace_expansion.h"
#include "core/data/tar_shard_reader.h"
#include "core/io/npy.h"
#include "core/scene/room_response_set.h"

namespace gramt::data {

namespace {

void fit(scene::ImpulseResponse& response, int from_rate, int to_rate, size_t max_taps) {
  for (auto& channel : response) {
    if (from_rate != to_rate) channel = audio::resample_channel(channel, from_rate, to_rate);
    if (channel.size() > max_taps) channel.resize(max_taps);
  }
}

}  // namespace

std::vector<scene::SceneResponses> read_shard_room_records(const ShardRoomRecordsParams& p) {
  if (p.records_rate <= 0 || p.sample_rate <= 0) throw Error(p.pattern + ": sample rates must be positive");
  if (p.max_records == 0) throw Error(p.pattern + ": at most 0 records asked for");
  std::vector<std::string> shards;
  std::error_code ec;
  for (const std::string& name : expand_braces(p.pattern))
    if (std::filesystem::is_regular_file(name, ec)) shards.push_back(name);
  if (shards.empty()) throw Error(p.pattern + ": no shard of room responses exists");

  std::vector<scene::SceneResponses> records;
  for (const std::string& shard : shards) {
    TarShardReader reader(shard);
    while (records.size() < p.max_records) {
      std::optional<ShardSample> sample;
      try {
        sample = reader.next();
      } catch (const Error& e) {
        if (p.log) p.log(shard + ": damaged, the rest of it is left out (" + e.what() + ")");
        break;
      }
      if (!sample) break;
      const auto member = sample->members.find("npy");
      if (member == sample->members.end()) continue;
      const std::string where = shard + ": " + sample->key + ".npy";
      scene::SceneResponses record;
      try {
        const io::NpyArray array = io::parse_npy(member->second, where);
        record = scene::split_response_stack(array.to_float(), array.shape, where);
      } catch (const Error& e) {
        if (p.log) p.log(std::string(e.what()) + " (left out)");
        continue;
      }
      if (static_cast<int>(record.source.size()) != p.channels)
        throw Error(where + ": responses of " + std::to_string(record.source.size()) + " channels; " +
                    std::to_string(p.channels) + " are needed (binaural records are (responses, 2, taps))");
      fit(record.source, p.records_rate, p.sample_rate, p.max_taps);
      for (auto& noise : record.noise) fit(noise, p.records_rate, p.sample_rate, p.max_taps);
      records.push_back(std::move(record));
    }
    if (records.size() >= p.max_records) break;
  }
  if (records.empty())
    throw Error(p.pattern + ": no readable room-response record (.npy members shaped (responses, channels, taps))");
  return records;
}

}  // namespace gramt::data

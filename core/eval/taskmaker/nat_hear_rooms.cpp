#include "core/eval/taskmaker/nat_hear_rooms.h"

#include <algorithm>
#include <filesystem>
#include <numeric>

#include "core/common/error.h"
#include "core/data/shard_room_records.h"
#include "core/eval/taskmaker/task_random.h"
#include "core/scene/scene_response_pools.h"
#include "core/scene/scene_sampler.h"

namespace gramt::eval::taskmaker {

namespace fs = std::filesystem;

std::string room_group_of_split(const std::string& split, bool held_out) {
  if (!held_out) return "all";
  if (split == "train" || split == "valid") return "seen";
  return split;
}

NatHearRooms::NatHearRooms(const NatHearRoomOptions& options, const scene::BinauralSceneOptions& mixing, int sample_rate,
                           uint64_t seed, std::function<void(const std::string&)> log)
    : options_(options), mixing_(mixing), sample_rate_(sample_rate), seed_(seed) {
  switch (options_.source) {
    case NatHearRoomSource::sofa:
      if (options_.rooms_per_group < 1) throw Error("--rooms: at least one room per room group");
      hrirs_ = options_.ambisonic ? scene::HrirSet::first_order_ambisonics(sample_rate)
                                  : scene::HrirSet::open_sofa(options_.sofa_file, sample_rate);
      break;
    case NatHearRoomSource::folder:
      if (options_.location.empty()) throw Error("--rir-data: give the folder of room responses for --rir-source folder");
      folder_ = std::make_shared<const scene::RoomResponseSet>(scene::RoomResponseSet::open_folder(options_.location, sample_rate));
      {
        // One record shows the folder's layout before any work; the others are checked as they are drawn.
        const scene::SceneResponses first = folder_->load(0);
        check_channels(first.source.size(), folder_->file(0));
      }
      break;
    case NatHearRoomSource::shards: {
      if (options_.location.empty()) throw Error("--rir-data: give the shards' pattern for --rir-source shards");
      data::ShardRoomRecordsParams p;
      p.pattern = options_.location;
      p.records_rate = options_.records_rate;
      p.sample_rate = sample_rate;
      p.max_records = options_.max_records;
      p.log = log;
      records_ = std::make_shared<const std::vector<scene::SceneResponses>>(data::read_shard_room_records(p));
      if (!records_->empty()) check_channels(records_->front().source.size(), records_->front().origin);
      break;
    }
  }
}

void NatHearRooms::check_channels(size_t channels, const std::string& where) const {
  const size_t wanted = options_.ambisonic ? 4 : 2;
  if (channels != wanted)
    throw Error(where + ": responses of " + std::to_string(channels) + " channels; " +
                (options_.ambisonic ? "first-order ambisonic Nat-HEAR (--format foa) needs 4"
                                    : "binaural Nat-HEAR needs 2"));
}

std::shared_ptr<const scene::SceneResponseSource> NatHearRooms::group_source(const std::string& group,
                                                                             const std::vector<std::string>& groups) const {
  if (hrirs_) {
    // Each group's rooms come from the seed and the group's name only: every task's test split is
    // heard in the same held-out rooms, and adding a task changes no other task's rooms.
    TaskRandom random(seed_ ^ stable_hash("nat-hear rooms\n" + group));
    const scene::SceneSamplerOptions ranges;  // the trainer's room sizes
    std::vector<std::shared_ptr<const scene::SceneResponseSource>> rooms;
    for (int k = 0; k < options_.rooms_per_group; ++k) {
      scene::SceneSamplerOptions o;
      const double length = random.uniform(ranges.room_length.min, ranges.room_length.max);
      const double width = random.uniform(ranges.room_width.min, ranges.room_width.max);
      const double height = random.uniform(ranges.room_height.min, ranges.room_height.max);
      const double rt60 = random.uniform(options_.rt60_min_s, options_.rt60_max_s);
      o.room_length = {length, length};
      o.room_width = {width, width};
      o.room_height = {height, height};
      o.rt60_seconds = {rt60, rt60};
      o.source_distance = {options_.distance_min_m, options_.distance_max_m};
      o.noise_sources_min = options_.noise_sources_min;
      o.noise_sources_max = options_.noise_sources_max;
      rooms.push_back(std::make_shared<const scene::RandomSceneSampler>(*hrirs_, o));
    }
    return std::make_shared<const scene::SourcePool>(std::move(rooms));
  }
  const size_t total = folder_ ? folder_->size() : records_->size();
  if (total < groups.size())
    throw Error(std::string(folder_ ? "--rir-data folder " : "--rir-data shards ") + options_.location + " gives " +
                std::to_string(total) + " room record(s); held-out rooms for " + std::to_string(groups.size()) +
                " room groups need at least that many (or use --held-out-rooms off)");
  // Records dealt out to the task's groups in an order drawn from the seed.
  std::vector<size_t> order(total);
  std::iota(order.begin(), order.end(), size_t{0});
  TaskRandom(seed_ ^ stable_hash("nat-hear room records")).shuffle(order);
  const size_t index = static_cast<size_t>(std::find(groups.begin(), groups.end(), group) - groups.begin());
  std::vector<size_t> mine;
  for (size_t i = index; i < total; i += groups.size()) mine.push_back(order[i]);
  std::sort(mine.begin(), mine.end());
  if (folder_) {
    auto set = folder_;
    return std::make_shared<const scene::RecordPool>(sample_rate_, std::move(mine), [set](size_t i) { return set->load(i); });
  }
  auto records = records_;
  return std::make_shared<const scene::RecordPool>(sample_rate_, std::move(mine),
                                                   [records](size_t i) { return (*records)[i]; });
}

std::map<std::string, SplitRooms> NatHearRooms::for_splits(const std::vector<std::string>& splits) const {
  std::vector<std::string> groups;
  for (const std::string& split : splits) {
    const std::string group = room_group_of_split(split, options_.held_out);
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
  }
  std::map<std::string, std::shared_ptr<const scene::BinauralSceneMaker>> makers;
  for (const std::string& group : groups)
    makers[group] = std::make_shared<const scene::BinauralSceneMaker>(group_source(group, groups), mixing_);
  std::map<std::string, SplitRooms> out;
  for (const std::string& split : splits) {
    SplitRooms& rooms = out[split];
    rooms.group = room_group_of_split(split, options_.held_out);
    rooms.held_out = options_.held_out && groups.size() > 1;
    rooms.maker = makers.at(rooms.group);
    if (options_.ambisonic)
      rooms.foa_format = options_.source == NatHearRoomSource::sofa ? audio::FoaFormat::kAmbiX : options_.records_foa_format;
  }
  return out;
}

std::string NatHearRooms::description() const {
  const std::string held = options_.held_out ? "; rooms held out per room group (train+valid, test, each other split)"
                                             : "; every split hears the same rooms";
  switch (options_.source) {
    case NatHearRoomSource::sofa:
      if (options_.ambisonic)
        return "sofa rooms: shoebox rooms around an ideal first-order ambisonic microphone (AmbiX), " +
               std::to_string(options_.rooms_per_group) + " per room group" + held;
      return "sofa: shoebox rooms around the HRIRs of " + fs::path(options_.sofa_file).filename().string() + ", " +
             std::to_string(options_.rooms_per_group) + " per room group" + held;
    case NatHearRoomSource::folder:
      return "folder " + fs::absolute(options_.location).string() + ": " + std::to_string(folder_->size()) +
             " room-response records" + held;
    case NatHearRoomSource::shards:
      return "shards " + options_.location + ": " + std::to_string(records_->size()) +
             " records (the first in pattern order), responses cut to 2 s" + held;
  }
  return "";
}

}  // namespace gramt::eval::taskmaker

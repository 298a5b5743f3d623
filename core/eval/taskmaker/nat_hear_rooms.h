#pragma once
// The rooms Nat-HEAR scenes are heard in, and which split hears which (issue 21). The room source
// is any the trainer accepts (data.rir_source): `sofa` — shoebox rooms rendered around the KEMAR
// HRIRs; `folder` — measured or precomputed responses with sidecars (scene::RoomResponseSet);
// `shards` — the reference's BRIR records in WebDataset shards. With `ambisonic`, the same rooms are
// heard through a first-order ambisonic microphone (4 channels, stored as AmbiX).
//
// Held-out rooms: the splits of a task are put in room groups, and no room is heard in two groups.
// `train` and `valid` share one group; `test` has its own; so has every other split (HEAR's k-fold
// tasks: fold00 … fold04), so whichever fold is tested, its rooms were never heard in training.
// With sofa, each group gets its own shoebox rooms (drawn from the seed and the group's name, the
// same for every task); with records, the records are dealt out to the task's groups.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/audio/ambisonic_format.h"
#include "core/scene/binaural_scene.h"
#include "core/scene/hrir_set.h"
#include "core/scene/room_response_set.h"

namespace gramt::eval::taskmaker {

enum class NatHearRoomSource { sofa, folder, shards };

struct NatHearRoomOptions {
  NatHearRoomSource source = NatHearRoomSource::sofa;
  std::string sofa_file;     // sofa: the HRIRs (default: libmysofa's MIT KEMAR)
  std::string location;      // folder: the responses' folder; shards: the shards' brace pattern
  int records_rate = 32000;  // shards: the rate the records were made at
  size_t max_records = 512;  // shards: records read (held in memory)
  bool held_out = true;      // rooms of a group are never heard in another
  int rooms_per_group = 50;  // sofa: shoebox rooms per room group
  // sofa rooms and placements (the trainer's ranges where it has them).
  double rt60_min_s = 0.2, rt60_max_s = 1.0;
  double distance_min_m = 0.5, distance_max_m = 5.0;
  int noise_sources_min = 1, noise_sources_max = 3;
  // Heard through a first-order ambisonic microphone (4 channels) instead of two ears: sofa renders the
  // same shoebox rooms through HrirSet::first_order_ambisonics; folder and shards need 4-channel
  // responses, in `records_foa_format` (converted to AmbiX on output).
  bool ambisonic = false;
  audio::FoaFormat records_foa_format = audio::FoaFormat::kAmbiX;
};

// The room group of a split: "seen" for train and valid, the split's own name otherwise, and "all"
// for every split when rooms are not held out.
std::string room_group_of_split(const std::string& split, bool held_out);

struct SplitRooms {
  std::string group;
  bool held_out = false;  // the group's rooms are heard in no other group
  std::shared_ptr<const scene::BinauralSceneMaker> maker;
  // Ambisonic scenes come out in this convention and are stored as AmbiX; nullopt for binaural ones.
  std::optional<audio::FoaFormat> foa_format;
};

class NatHearRooms {
 public:
  // Opens the source once (the SOFA file, the folder's sidecars, the shards' records). Throws
  // gramt::Error naming the file, folder or pattern that cannot give responses at `sample_rate`.
  NatHearRooms(const NatHearRoomOptions& options, const scene::BinauralSceneOptions& mixing, int sample_rate,
               uint64_t seed, std::function<void(const std::string&)> log = nullptr);

  // The rooms of each of a task's splits. Throws gramt::Error when there are fewer records than
  // room groups.
  std::map<std::string, SplitRooms> for_splits(const std::vector<std::string>& splits) const;

  bool has_positions() const { return options_.source != NatHearRoomSource::shards; }
  // One line for the task's metadata.
  std::string description() const;
  const NatHearRoomOptions& options() const { return options_; }

 private:
  // gramt::Error naming `where` when responses have the wrong channel count for the receiver.
  void check_channels(size_t channels, const std::string& where) const;
  std::shared_ptr<const scene::SceneResponseSource> group_source(const std::string& group,
                                                                 const std::vector<std::string>& groups) const;

  NatHearRoomOptions options_;
  scene::BinauralSceneOptions mixing_;
  int sample_rate_;
  uint64_t seed_;
  std::optional<scene::HrirSet> hrirs_;
  std::shared_ptr<const scene::RoomResponseSet> folder_;
  std::shared_ptr<const std::vector<scene::SceneResponses>> records_;
};

}  // namespace gramt::eval::taskmaker

#pragma once
// Random naturalistic scenes: a shoebox room of random size and reverberation time, a listener with a
// random head orientation, a source and K noise sources at random places inside, each rendered to a
// binaural room impulse response through the HRIR set, with the positions as localization labels.
// Deterministic given the generator's seed.
#include <cstdint>
#include <optional>
#include <random>

#include "core/scene/hrir_set.h"
#include "core/scene/reverberation_formulas.h"
#include "core/scene/scene_responses.h"
#include "core/scene/shoebox_room.h"

namespace gramt::scene {

struct ValueRange {
  double min = 0.0;
  double max = 0.0;
};

struct SceneSamplerOptions {
  // Room (metres, seconds). The defaults span living rooms to classrooms.
  ValueRange room_length{4.0, 10.0};
  ValueRange room_width{3.0, 8.0};
  ValueRange room_height{2.5, 4.0};
  ValueRange rt60_seconds{0.2, 1.0};
  ReverberationFormula formula = ReverberationFormula::kEyring;  // turns the RT60 into wall absorption
  double wall_margin = 0.5;              // every source and the listener stay this far from the walls
  ValueRange listener_height{1.2, 1.8};  // ear height, clipped to the room
  // Source relative to the head, drawn uniformly in each range unless fixed below.
  ValueRange source_distance{0.5, 5.0};
  ValueRange source_elevation_deg{-40.0, 90.0};  // the MIT KEMAR set covers −40…90
  std::optional<double> source_azimuth_deg;      // fixed direction / distance (localization tasks)
  std::optional<double> source_elevation_fixed_deg;
  std::optional<double> source_distance_fixed;
  // Noise sources: uniform count, uniform positions at least this far from the head.
  int noise_sources_min = 1;
  int noise_sources_max = 3;
  double noise_min_distance = 0.5;
  // Free field instead of a room (direct sound only; room and positions still drawn for the labels).
  bool anechoic = false;
  BrirOptions brir;  // order, tail, lengths (seed is drawn per response)
};

class RandomSceneSampler : public SceneResponseSource {
 public:
  // Throws gramt::Error naming the first option that is out of range.
  RandomSceneSampler(HrirSet hrirs, SceneSamplerOptions options);

  int sample_rate() const override { return hrirs_.sample_rate(); }
  const HrirSet& hrirs() const { return hrirs_; }
  const SceneSamplerOptions& options() const { return options_; }

  // All responses of a scene have the same length. Throws gramt::Error when no placement satisfying
  // the distance/elevation constraints is found in a few thousand tries.
  SceneResponses draw(std::mt19937_64& rng) const override;
  SceneResponses draw(uint64_t seed) const;

 private:
  HrirSet hrirs_;
  SceneSamplerOptions options_;
};

}  // namespace gramt::scene

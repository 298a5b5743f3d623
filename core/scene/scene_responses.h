#pragma once
// The room responses of one scene, as the reference's training records hold them: the response of the
// source (first entry) and those of K noise sources (the rest), each with its position relative to
// the listener's head. Drawn from a SceneResponseSource: a synthesised room (RandomSceneSampler) or a
// folder of measured responses (RoomResponseSet).
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/scene/geometry.h"
#include "core/scene/impulse_response.h"
#include "core/scene/spatial_label.h"

namespace gramt::scene {

struct SceneResponses {
  ImpulseResponse source;
  std::vector<ImpulseResponse> noise;
  SpatialLabel source_label;
  std::vector<SpatialLabel> noise_labels;  // one per noise response
  bool has_labels = true;                  // false for responses read without positions
  // What the responses come from, for logs: a room description or a file path.
  std::string origin;
  double rt60_seconds = std::numeric_limits<double>::quiet_NaN();  // NaN when unknown or anechoic
  Vec3 room_dimensions;                                            // zeros when unknown or anechoic
};

class SceneResponseSource {
 public:
  virtual ~SceneResponseSource() = default;
  virtual int sample_rate() const = 0;
  // One scene; every random choice comes from `rng`. Safe to call from several threads at once
  // (each with its own generator).
  virtual SceneResponses draw(std::mt19937_64& rng) const = 0;
};

}  // namespace gramt::scene

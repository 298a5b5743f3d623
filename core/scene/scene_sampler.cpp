#include "core/scene/scene_sampler.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/common/error.h"
#include "core/scene/fractional_delay.h"
#include "core/scene/free_field.h"
#include "core/scene/scene_random.h"

namespace gramt::scene {
namespace {

constexpr int kRoomTries = 200;
constexpr int kPlacementTries = 200;

void check_range(const ValueRange& r, const char* name, double lowest, double highest) {
  if (!(r.min >= lowest && r.max <= highest && r.min <= r.max))
    throw Error(std::string("scene sampler: ") + name + " must satisfy " + std::to_string(lowest) + " <= min <= max <= " +
                std::to_string(highest) + ", got [" + std::to_string(r.min) + ", " + std::to_string(r.max) + "]");
}

double draw_in(std::mt19937_64& rng, const ValueRange& r) { return uniform(rng, r.min, r.max); }

}  // namespace

RandomSceneSampler::RandomSceneSampler(HrirSet hrirs, SceneSamplerOptions options)
    : hrirs_(std::move(hrirs)), options_(std::move(options)) {
  const auto& o = options_;
  check_range(o.room_length, "room_length", 0.5, 1000.0);
  check_range(o.room_width, "room_width", 0.5, 1000.0);
  check_range(o.room_height, "room_height", 0.5, 1000.0);
  check_range(o.rt60_seconds, "rt60_seconds", 0.01, 20.0);
  check_range(o.listener_height, "listener_height", 0.0, 1000.0);
  check_range(o.source_distance, "source_distance", 0.1, 1000.0);
  check_range(o.source_elevation_deg, "source_elevation_deg", -90.0, 90.0);
  if (!(o.wall_margin >= 0.0) || 2.0 * o.wall_margin >= std::min({o.room_length.min, o.room_width.min, o.room_height.min}))
    throw Error("scene sampler: wall_margin must be >= 0 and leave space inside the smallest room");
  if (o.source_distance_fixed && !(*o.source_distance_fixed >= 0.1))
    throw Error("scene sampler: source_distance_fixed must be at least 0.1 m");
  if (o.source_elevation_fixed_deg && !(std::abs(*o.source_elevation_fixed_deg) <= 90.0))
    throw Error("scene sampler: source_elevation_fixed_deg must be within [-90, 90]");
  if (o.source_azimuth_deg && !std::isfinite(*o.source_azimuth_deg))
    throw Error("scene sampler: source_azimuth_deg must be finite");
  if (o.noise_sources_min < 0 || o.noise_sources_max < o.noise_sources_min || o.noise_sources_max > 64)
    throw Error("scene sampler: noise source counts must satisfy 0 <= min <= max <= 64");
  if (!(o.noise_min_distance >= 0.1)) throw Error("scene sampler: noise_min_distance must be at least 0.1 m");
  if (o.brir.max_order < 0 || o.brir.max_order > 30) throw Error("scene sampler: brir.max_order must be within [0, 30]");
  if (!(o.brir.max_length_seconds > 0.0 && o.brir.max_length_seconds <= 60.0))
    throw Error("scene sampler: brir.max_length_seconds must be within (0, 60]");
  if (!(o.brir.length_seconds >= 0.0 && o.brir.length_seconds <= 60.0))
    throw Error("scene sampler: brir.length_seconds must be within [0, 60]");
}

SceneResponses RandomSceneSampler::draw(uint64_t seed) const {
  std::mt19937_64 rng(seed);
  return draw(rng);
}

SceneResponses RandomSceneSampler::draw(std::mt19937_64& rng) const {
  const auto& o = options_;
  const double c = kSpeedOfSound;
  for (int room_try = 0; room_try < kRoomTries; ++room_try) {
    const Vec3 dims{draw_in(rng, o.room_length), draw_in(rng, o.room_width), draw_in(rng, o.room_height)};
    double rt60 = draw_in(rng, o.rt60_seconds);
    if (o.formula == ReverberationFormula::kSabine) {
      // Sabine cannot go below the fully absorbent room's time.
      const double shortest = 24.0 * std::log(10.0) / c * dims.x * dims.y * dims.z /
                              (2.0 * (dims.x * dims.y + dims.x * dims.z + dims.y * dims.z));
      rt60 = std::max(rt60, shortest * 1.001);
    }
    const ShoeboxRoom room = ShoeboxRoom::with_reverberation_time(dims, rt60, o.formula, c);
    const double m = o.wall_margin;
    const double ear_low = std::max(m, o.listener_height.min), ear_high = std::min(dims.z - m, o.listener_height.max);

    for (int place_try = 0; place_try < kPlacementTries; ++place_try) {
      ListenerPose listener;
      listener.position = {uniform(rng, m, dims.x - m), uniform(rng, m, dims.y - m),
                           ear_low <= ear_high ? uniform(rng, ear_low, ear_high) : uniform(rng, m, dims.z - m)};
      listener.head_azimuth_deg = uniform(rng, 0.0, 360.0);
      const double azimuth = o.source_azimuth_deg ? *o.source_azimuth_deg : uniform(rng, 0.0, 360.0);
      const double elevation = o.source_elevation_fixed_deg ? *o.source_elevation_fixed_deg : draw_in(rng, o.source_elevation_deg);
      const double distance = o.source_distance_fixed ? *o.source_distance_fixed : draw_in(rng, o.source_distance);
      const SpatialLabel source_label = spatial_label_from_direction(azimuth, elevation, distance);
      const Vec3 source = listener.position + to_room_frame(source_label.position, listener.head_azimuth_deg);
      if (!room.contains(source, m)) continue;

      // Noise sources anywhere in the room, away from the head.
      const int noise_count = o.noise_sources_min +
                              static_cast<int>(uniform_index(rng, static_cast<uint64_t>(o.noise_sources_max - o.noise_sources_min + 1)));
      std::vector<Vec3> noise_positions;
      for (int k = 0; k < noise_count; ++k) {
        Vec3 p;
        int tries = 0;
        do {
          p = {uniform(rng, m, dims.x - m), uniform(rng, m, dims.y - m), uniform(rng, m, dims.z - m)};
        } while (norm(p - listener.position) < o.noise_min_distance && ++tries < kPlacementTries);
        if (norm(p - listener.position) < o.noise_min_distance)
          throw Error("scene sampler: cannot place a noise source " + std::to_string(o.noise_min_distance) +
                      " m from the listener; lower noise_min_distance or enlarge the rooms");
        noise_positions.push_back(p);
      }

      SceneResponses scene;
      scene.source_label = source_label;
      for (const auto& p : noise_positions)
        scene.noise_labels.push_back(spatial_label_from_head_offset(to_head_frame(p - listener.position, listener.head_azimuth_deg)));

      // One length for all responses of the scene: the farthest source's arrival plus the decay.
      BrirOptions brir = o.brir;
      if (brir.length_seconds <= 0.0) {
        double farthest = distance;
        for (const auto& l : scene.noise_labels) farthest = std::max(farthest, l.distance_m);
        const double padding = static_cast<double>(hrirs_.length() + kFractionalDelayHalfWidth + 1) / hrirs_.sample_rate();
        brir.length_seconds =
            std::min(o.brir.max_length_seconds, farthest / c + (o.anechoic ? 0.0 : room.reverberation_time()) + padding);
      }
      if (o.anechoic) {
        scene.source = render_free_field(hrirs_, scene.source_label, brir.length_seconds, c);
        for (const auto& l : scene.noise_labels) scene.noise.push_back(render_free_field(hrirs_, l, brir.length_seconds, c));
        scene.origin = "free field";
      } else {
        brir.seed = child_seed(rng);
        scene.source = room.render(source, listener, hrirs_, brir);
        for (const auto& p : noise_positions) {
          brir.seed = child_seed(rng);
          scene.noise.push_back(room.render(p, listener, hrirs_, brir));
        }
        std::ostringstream origin;
        origin.precision(3);
        origin << "shoebox " << dims.x << " x " << dims.y << " x " << dims.z << " m, RT60 " << rt60 << " s";
        scene.origin = origin.str();
        scene.rt60_seconds = room.reverberation_time();
        scene.room_dimensions = dims;
      }
      return scene;
    }
  }
  throw Error("scene sampler: found no room and placement that satisfy the source distance/elevation constraints "
              "with wall_margin " + std::to_string(o.wall_margin) + " m; widen the room ranges or relax the constraints");
}

}  // namespace gramt::scene

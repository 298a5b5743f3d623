#include "core/scene/free_field.h"

#include <algorithm>
#include <cmath>

#include "core/common/error.h"
#include "core/scene/fractional_delay.h"

namespace gramt::scene {

ImpulseResponse render_free_field(const HrirSet& hrirs, const SpatialLabel& where, double length_seconds,
                                  double speed_of_sound) {
  if (!(where.distance_m >= 0.1) || !std::isfinite(where.distance_m))
    throw Error("free field: source distance must be at least 0.1 m, got " + std::to_string(where.distance_m));
  if (!(length_seconds >= 0.0 && length_seconds <= 60.0)) throw Error("free field: length must be within [0, 60] s");
  const int fs = hrirs.sample_rate();
  const HrirPair h = hrirs.lookup(where.azimuth_deg, where.elevation_deg);
  const double delay = where.distance_m / speed_of_sound * fs;
  const size_t length = length_seconds > 0.0
                            ? static_cast<size_t>(std::llround(length_seconds * fs))
                            : static_cast<size_t>(std::ceil(delay + std::max(h.left_delay, h.right_delay))) +
                                  static_cast<size_t>(hrirs.length()) + kFractionalDelayHalfWidth + 1;
  ImpulseResponse brir(2, std::vector<float>(length, 0.0f));
  const double gain = 1.0 / where.distance_m;
  add_delayed(brir[0], h.left.data(), h.left.size(), delay + h.left_delay, gain);
  add_delayed(brir[1], h.right.data(), h.right.size(), delay + h.right_delay, gain);
  return brir;
}

}  // namespace gramt::scene

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
  const DirectionalResponse h = hrirs.lookup_channels(where.azimuth_deg, where.elevation_deg);
  const double delay = where.distance_m / speed_of_sound * fs;
  double latest_onset = 0.0;
  for (double d : h.delays) latest_onset = std::max(latest_onset, d);
  const size_t length = length_seconds > 0.0
                            ? static_cast<size_t>(std::llround(length_seconds * fs))
                            : static_cast<size_t>(std::ceil(delay + latest_onset)) +
                                  static_cast<size_t>(hrirs.length()) + kFractionalDelayHalfWidth + 1;
  ImpulseResponse brir(h.channels.size(), std::vector<float>(length, 0.0f));
  const double gain = 1.0 / where.distance_m;
  for (size_t ch = 0; ch < brir.size(); ++ch)
    add_delayed(brir[ch], h.channels[ch].data(), h.channels[ch].size(), delay + h.delays[ch], gain);
  return brir;
}

}  // namespace gramt::scene

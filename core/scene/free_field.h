#pragma once
// A source in free field (no room, "anechoic"): the direct sound only, arriving after distance/c
// with amplitude 1/distance through the HRIR of its direction (or its ambisonic encoding).
#include "core/scene/hrir_set.h"
#include "core/scene/impulse_response.h"
#include "core/scene/reverberation_formulas.h"
#include "core/scene/spatial_label.h"

namespace gramt::scene {

// hrirs.channel_count() channels at hrirs.sample_rate(); `length_seconds` = 0 sizes it to the arrival plus the HRIR.
// Throws gramt::Error for a distance below 0.1 m or a negative length.
ImpulseResponse render_free_field(const HrirSet& hrirs, const SpatialLabel& where, double length_seconds = 0.0,
                                  double speed_of_sound = kSpeedOfSound);

}  // namespace gramt::scene

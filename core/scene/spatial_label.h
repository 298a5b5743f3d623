#pragma once
// Where a sound source is relative to the listener's head: the localization target of a scene.
#include "core/scene/geometry.h"

namespace gramt::scene {

struct SpatialLabel {
  double azimuth_deg = 0.0;    // SOFA convention, [0, 360), 90 = left
  double elevation_deg = 0.0;  // [-90, 90]
  double distance_m = 0.0;     // head centre to source
  Vec3 position;               // metres in the head frame (x front, y left, z up)

  Vec3 direction() const { return distance_m > 0.0 ? (1.0 / distance_m) * position : Vec3{}; }
};

inline SpatialLabel spatial_label_from_head_offset(const Vec3& head_offset) {
  SpatialLabel label;
  label.position = head_offset;
  label.distance_m = norm(head_offset);
  if (label.distance_m > 0.0) direction_angles(head_offset, label.azimuth_deg, label.elevation_deg);
  return label;
}

inline SpatialLabel spatial_label_from_direction(double azimuth_deg, double elevation_deg, double distance_m) {
  return spatial_label_from_head_offset(distance_m * direction_vector(azimuth_deg, elevation_deg));
}

}  // namespace gramt::scene

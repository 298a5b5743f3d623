#pragma once
// Points and directions of the scene model. Room coordinates: metres, x/y span the floor, z points up,
// the room occupies [0, Lx] × [0, Ly] × [0, Lz]. Head coordinates follow SOFA: x to the front, y to
// the left, z up; azimuth counter-clockwise from the front (90° = left), elevation up from the
// horizontal plane, both in degrees.
#include <cmath>

namespace gramt::scene {

struct Vec3 {
  double x = 0.0, y = 0.0, z = 0.0;
};

inline Vec3 operator+(const Vec3& a, const Vec3& b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
inline Vec3 operator-(const Vec3& a, const Vec3& b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
inline Vec3 operator*(double s, const Vec3& a) { return {s * a.x, s * a.y, s * a.z}; }
inline double norm(const Vec3& a) { return std::sqrt(a.x * a.x + a.y * a.y + a.z * a.z); }

constexpr double kPi = 3.14159265358979323846;
inline double radians(double degrees) { return degrees * kPi / 180.0; }
inline double degrees(double radians) { return radians * 180.0 / kPi; }

// A room-frame offset seen from a head whose nose points at `head_azimuth_deg` (counter-clockwise
// from the room's +x axis, in the floor plane).
inline Vec3 to_head_frame(const Vec3& room_offset, double head_azimuth_deg) {
  const double c = std::cos(radians(head_azimuth_deg)), s = std::sin(radians(head_azimuth_deg));
  return {c * room_offset.x + s * room_offset.y, -s * room_offset.x + c * room_offset.y, room_offset.z};
}

// The inverse of to_head_frame.
inline Vec3 to_room_frame(const Vec3& head_offset, double head_azimuth_deg) {
  const double c = std::cos(radians(head_azimuth_deg)), s = std::sin(radians(head_azimuth_deg));
  return {c * head_offset.x - s * head_offset.y, s * head_offset.x + c * head_offset.y, head_offset.z};
}

// Unit vector for a direction in the SOFA convention.
inline Vec3 direction_vector(double azimuth_deg, double elevation_deg) {
  const double az = radians(azimuth_deg), el = radians(elevation_deg);
  return {std::cos(el) * std::cos(az), std::cos(el) * std::sin(az), std::sin(el)};
}

// Azimuth in [0, 360) and elevation in [-90, 90] of a non-zero vector.
inline void direction_angles(const Vec3& v, double& azimuth_deg, double& elevation_deg) {
  azimuth_deg = degrees(std::atan2(v.y, v.x));
  if (azimuth_deg < 0.0) azimuth_deg += 360.0;
  if (azimuth_deg >= 360.0) azimuth_deg -= 360.0;
  elevation_deg = degrees(std::atan2(v.z, std::hypot(v.x, v.y)));
}

}  // namespace gramt::scene

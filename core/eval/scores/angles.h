#pragma once
// Angle helpers with the kits' operation order, so results agree to the last bits: numpy's
// rad2deg/deg2rad multiply by a constant ratio, while the SELD code writes `x * 180 / pi`.
#include <algorithm>
#include <cmath>

namespace gramt::eval::scores {

constexpr double kPi = 3.141592653589793238462643383279502884;

inline double rad2deg(double radians) { return radians * (180.0 / kPi); }  // numpy.rad2deg
inline double deg2rad(double degrees) { return degrees * (kPi / 180.0); }  // numpy.deg2rad

// Great-circle angle in degrees between two directions given as azimuth/elevation in radians:
// arccos of the spherical law of cosines, clipped to [-1, 1] (lek distance_between_spherical_*).
inline double spherical_distance_deg(double azimuth1, double elevation1, double azimuth2, double elevation2) {
  double cosine = std::sin(elevation1) * std::sin(elevation2) +
                  std::cos(elevation1) * std::cos(elevation2) * std::cos(std::fabs(azimuth1 - azimuth2));
  cosine = std::clamp(cosine, -1.0, 1.0);  // NaN stays NaN, as with numpy.clip
  return std::acos(cosine) * 180.0 / kPi;
}

}  // namespace gramt::eval::scores

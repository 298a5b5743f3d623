#include "core/scene/spherical_head_hrir.h"

#include <algorithm>
#include <cmath>

#include "core/common/error.h"
#include "core/scene/fractional_delay.h"
#include "core/scene/geometry.h"

namespace gramt::scene {
namespace {

constexpr double kMinimumShadow = 0.1;             // α at the deepest shadow
constexpr double kDeepestShadowDeg = 150.0;        // where that is reached
constexpr double kShadowDecaySeconds = 0.0025;     // room for the filter's pole to die out

}  // namespace

SphericalHeadHrir::SphericalHeadHrir(int sample_rate, double head_radius_m, double speed_of_sound)
    : sample_rate_(sample_rate), radius_(head_radius_m), speed_of_sound_(speed_of_sound) {
  if (sample_rate <= 0) throw Error("spherical head: sample rate must be positive");
  if (!(head_radius_m > 0.0 && head_radius_m <= 0.5))
    throw Error("spherical head: head radius must be in (0, 0.5] m");
  // Interpolator lead-in + the longest wrap-around delay + the shadow filter's decay.
  const double longest_delay = radius_ / speed_of_sound_ * (1.0 + kPi / 2.0);
  length_ = kFractionalDelayHalfWidth + 1 + static_cast<int>(std::ceil(sample_rate * (longest_delay + kShadowDecaySeconds)));
}

std::vector<float> SphericalHeadHrir::ear_response(double cos_to_ear) const {
  const double theta = std::acos(std::clamp(cos_to_ear, -1.0, 1.0));
  const double a_over_c = radius_ / speed_of_sound_;
  const double delay_s = theta < kPi / 2 ? a_over_c * (1.0 - std::cos(theta)) : a_over_c * (1.0 + theta - kPi / 2);
  std::vector<float> impulse(static_cast<size_t>(length_), 0.0f);
  add_delayed_impulse(impulse, kFractionalDelayHalfWidth + 1 + delay_s * sample_rate_, 1.0);

  const double alpha = (1.0 + kMinimumShadow / 2) + (1.0 - kMinimumShadow / 2) * std::cos(theta / radians(kDeepestShadowDeg) * kPi);
  const double beta = 2.0 * speed_of_sound_ / radius_;
  const double k = 2.0 * sample_rate_;  // bilinear transform s = k (1 − z⁻¹)/(1 + z⁻¹)
  const double b0 = (alpha * k + beta) / (k + beta);
  const double b1 = (beta - alpha * k) / (k + beta);
  const double a1 = (beta - k) / (k + beta);
  std::vector<float> out(impulse.size());
  double x_prev = 0.0, y_prev = 0.0;
  for (size_t n = 0; n < impulse.size(); ++n) {
    const double y = b0 * impulse[n] + b1 * x_prev - a1 * y_prev;
    x_prev = impulse[n];
    y_prev = y;
    out[n] = static_cast<float>(y);
  }
  return out;
}

HrirPair SphericalHeadHrir::lookup(double azimuth_deg, double elevation_deg) const {
  const Vec3 d = direction_vector(azimuth_deg, elevation_deg);
  HrirPair pair;
  pair.left = ear_response(d.y);    // left ear on +y
  pair.right = ear_response(-d.y);  // right ear on −y
  return pair;
}

}  // namespace gramt::scene

#pragma once
// A rigid-sphere head without pinnae or torso (Brown & Duda 1998), for when no measured set is at
// hand. Per ear, with θ the angle between the source direction and the ear's axis:
//   delay   (a/c)(1 − cos θ) for θ < 90°, (a/c)(1 + θ − π/2) beyond (the path wraps around the sphere),
//   shadow  H(s) = (α(θ)·s + β)/(s + β), β = 2c/a, α(θ) = 1.05 + 0.95·cos(θ·180°/150°)
//           (+6 dB towards the ear, about −20 dB at 150°), discretised with the bilinear transform.
// Ears sit at azimuth ±90°, elevation 0. Interaural differences only: no elevation cues.
#include "core/scene/hrir_source.h"

namespace gramt::scene {

class SphericalHeadHrir : public HrirSource {
 public:
  // Throws gramt::Error for a non-positive rate or a head radius outside (0, 0.5] m.
  SphericalHeadHrir(int sample_rate, double head_radius_m, double speed_of_sound = 343.0);

  std::string name() const override { return "spherical head"; }
  int sample_rate() const override { return sample_rate_; }
  int length() const override { return length_; }
  HrirPair lookup(double azimuth_deg, double elevation_deg) const override;

 private:
  std::vector<float> ear_response(double cos_to_ear) const;

  int sample_rate_;
  double radius_;
  double speed_of_sound_;
  int length_;
};

}  // namespace gramt::scene

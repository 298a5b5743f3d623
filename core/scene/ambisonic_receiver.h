#pragma once
// A point first-order ambisonic (FOA) microphone at the listener's position: every arrival is encoded
// with the real first-order spherical harmonics of its direction, in the stored convention (AmbiX:
// ACN order W, Y, Z, X with SN3D normalisation; core/audio/ambisonic_format.h). Rendering a room
// through it instead of through HRIRs gives FOA room responses: the image sources and the diffuse
// tail each arrive from their own direction, so the room's directional structure is kept.
//
// It is ideal (no capsule spacing, flat response), like the encoded responses of room simulators,
// so the direction of a free-field source is exact in the intensity vector.
#include "core/scene/hrir_source.h"

namespace gramt::scene {

class FirstOrderAmbisonicReceiver : public HrirSource {
 public:
  explicit FirstOrderAmbisonicReceiver(int sample_rate);

  std::string name() const override { return "first-order ambisonics (AmbiX)"; }
  int sample_rate() const override { return sample_rate_; }
  int length() const override { return 1; }
  int channel_count() const override { return 4; }
  // Four one-tap responses: the gains W = 1, Y, Z, X of a plane wave from the direction.
  DirectionalResponse lookup_channels(double azimuth_deg, double elevation_deg) const override;
  // An ambisonic receiver has no ears: gramt::Error.
  HrirPair lookup(double azimuth_deg, double elevation_deg) const override;

 private:
  int sample_rate_;
};

}  // namespace gramt::scene

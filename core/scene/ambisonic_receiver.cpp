#include "core/scene/ambisonic_receiver.h"

#include "core/audio/ambisonic_format.h"
#include "core/common/error.h"

namespace gramt::scene {

FirstOrderAmbisonicReceiver::FirstOrderAmbisonicReceiver(int sample_rate) : sample_rate_(sample_rate) {
  if (sample_rate <= 0) throw Error("ambisonic receiver: sample rate must be positive");
}

DirectionalResponse FirstOrderAmbisonicReceiver::lookup_channels(double azimuth_deg, double elevation_deg) const {
  const audio::AmbixGains g = audio::ambix_plane_wave_gains(azimuth_deg, elevation_deg);
  DirectionalResponse r;
  r.channels = {{static_cast<float>(g.w)}, {static_cast<float>(g.y)}, {static_cast<float>(g.z)}, {static_cast<float>(g.x)}};
  r.delays.assign(4, 0.0);
  return r;
}

HrirPair FirstOrderAmbisonicReceiver::lookup(double, double) const {
  throw Error("ambisonic receiver: a first-order ambisonic microphone has four channels, not a pair of ears");
}

}  // namespace gramt::scene

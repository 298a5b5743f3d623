#pragma once
// The one thing every head-related impulse response set answers: the pair of ear responses for a
// direction. (A first-order ambisonic receiver answers the same question with four channels.) Implementations: a SOFA file through libmysofa, a measured table, a spherical-head model.
// HrirSet wraps one; implement this to inject a set of your own (e.g. in tests).
#include <string>
#include <vector>

namespace gramt::scene {

// Both ears' responses for one direction, at the set's sample rate.
struct HrirPair {
  std::vector<float> left, right;
  // Onset delays in samples that a set stores beside its responses (SOFA Data.Delay), added on
  // rendering; 0 for sets whose responses hold the interaural delay themselves.
  double left_delay = 0.0, right_delay = 0.0;
};

// The responses of every channel of a receiver for one direction: two ears for HRIR sets, four
// AmbiX gains for a first-order ambisonic microphone. delays[c]: onset of channel c in samples.
struct DirectionalResponse {
  std::vector<std::vector<float>> channels;
  std::vector<double> delays;
};

class HrirSource {
 public:
  virtual ~HrirSource() = default;
  virtual std::string name() const = 0;
  virtual int sample_rate() const = 0;
  virtual int length() const = 0;  // taps of every response
  // Directions in the SOFA convention (azimuth counter-clockwise from the front, 90 = left; elevation
  // up), degrees. Must be safe to call from several threads at once.
  virtual HrirPair lookup(double azimuth_deg, double elevation_deg) const = 0;
  // Receivers with other than two channels (ambisonic_receiver.h) override both; for a pair of ears
  // these are the pair as two channels.
  virtual int channel_count() const { return 2; }
  virtual DirectionalResponse lookup_channels(double azimuth_deg, double elevation_deg) const {
    HrirPair pair = lookup(azimuth_deg, elevation_deg);
    DirectionalResponse r;
    r.channels = {std::move(pair.left), std::move(pair.right)};
    r.delays = {pair.left_delay, pair.right_delay};
    return r;
  }
};

}  // namespace gramt::scene

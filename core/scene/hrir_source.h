#pragma once
// The one thing every head-related impulse response set answers: the pair of ear responses for a
// direction. Implementations: a SOFA file through libmysofa, a measured table, a spherical-head model.
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

class HrirSource {
 public:
  virtual ~HrirSource() = default;
  virtual std::string name() const = 0;
  virtual int sample_rate() const = 0;
  virtual int length() const = 0;  // taps of every response
  // Directions in the SOFA convention (azimuth counter-clockwise from the front, 90 = left; elevation
  // up), degrees. Must be safe to call from several threads at once.
  virtual HrirPair lookup(double azimuth_deg, double elevation_deg) const = 0;
};

}  // namespace gramt::scene

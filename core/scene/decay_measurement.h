#pragma once
// Measuring a response's reverberation time the standard way (ISO 3382): Schroeder backward
// integration of the squared response gives the energy decay curve; a least-squares line through
// its −5…−25 dB part (T20) or −5…−35 dB part (T30) is extrapolated to −60 dB.
#include <vector>

namespace gramt::scene {

// The energy decay curve in dB relative to the total energy (0 dB at sample 0).
std::vector<double> energy_decay_curve_db(const std::vector<float>& response);

// RT60 in seconds from the decay between −5 dB and `lowest_db` (−25 for T20, −35 for T30).
// Throws gramt::Error when the curve never falls that far (response too short or silent).
double measure_rt60(const std::vector<float>& response, int sample_rate, double lowest_db = -25.0);

}  // namespace gramt::scene

#pragma once
// Background textures synthesised from random numbers, for the demo corpus's noise folder: they
// give scenes broadband, non-stationary backgrounds without shipping any recording.
#include <string>
#include <vector>

#include "core/data/random.h"

namespace gramt::data {

// Names accepted by synthesise_noise().
const std::vector<std::string>& synthetic_noise_kinds();

// `kind`: "pink" (equal energy per octave), "brown" (−6 dB per octave), "rain" (drops on a hiss),
// "wind" (brown noise in slow gusts), "hum" (mains hum with harmonics over a soft rumble).
// Peak-normalised to 0.5. Throws gramt::Error for an unknown kind.
std::vector<float> synthesise_noise(const std::string& kind, int sample_rate, double seconds, Rng& rng);

}  // namespace gramt::data

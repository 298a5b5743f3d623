#pragma once
// The late reverberation that image sources of a bounded order leave out. An image-source model of
// order N is exact only until the first image of order N + 1 arrives; after that it thins out, and
// alone it never reaches long reverberation times. The tail fills the difference with velvet noise
// (one pulse of random sign per short interval), each pulse filtered by the HRIR of a random
// direction, so the late field is diffuse and binaural like a real one.
//
// Energy matching: in a room of volume V, image sources are spread with density 1/V, so arrivals of
// (1/r)-scaled unit pulses bring energy at the rate 4π·c/V per second, decaying as 10^(−6t/RT60)
// (t since emission). The tail supplies that expected energy minus what the rendered images bring,
// measured in short windows after the model stops being exact.
#include <cstdint>
#include <random>
#include <vector>

#include "core/scene/hrir_set.h"
#include "core/scene/impulse_response.h"

namespace gramt::scene {

struct ImageArrival {
  double time_seconds = 0.0;  // since emission
  double energy = 0.0;        // squared amplitude before the HRIR: (reflection gain / r)²
};

struct DiffuseTailParams {
  double rt60_seconds = 0.5;
  double room_volume = 60.0;        // m³
  double speed_of_sound = 343.0;    // m/s
  double exact_until_seconds = 0.0; // the image model is complete before this time
  double pulse_density = 4000.0;    // pulses per second
  int directions = 64;              // random directions drawn for the pulses
};

// Target squared amplitude per sample (before the HRIR) of the tail at each of `length` samples.
std::vector<double> diffuse_tail_energy(const DiffuseTailParams& params, const std::vector<ImageArrival>& arrivals,
                                        int sample_rate, size_t length);

// Adds velvet noise shaped by `energy_per_sample` to the two channels of `brir`, each pulse filtered
// by the HRIR of a direction drawn uniformly on the sphere.
void add_diffuse_tail(ImpulseResponse& brir, const std::vector<double>& energy_per_sample, const DiffuseTailParams& params,
                      const HrirSet& hrirs, std::mt19937_64& rng);

}  // namespace gramt::scene

#pragma once
// Arrivals that fall between two samples: each is spread over a Blackman-windowed sinc centred on the
// exact arrival time, so delays keep sub-sample precision (interaural time differences are only a
// few samples). A whole-sample delay gives an exact unit impulse.
#include <cstddef>
#include <vector>

namespace gramt::scene {

// Taps on each side of the arrival; the interpolator is at most 2·kFractionalDelayHalfWidth+1 taps long.
constexpr int kFractionalDelayHalfWidth = 16;

// out[n] += gain · Σ_j h_d(n − j) · response[j] for every n inside `out`, where h_d is the windowed sinc
// delaying by `delay` samples (delay may be negative or beyond the end; what falls outside is dropped).
void add_delayed(std::vector<float>& out, const float* response, size_t response_length, double delay, double gain);

// The interpolator alone: out[n] += gain · h_d(n).
void add_delayed_impulse(std::vector<float>& out, double delay, double gain);

}  // namespace gramt::scene

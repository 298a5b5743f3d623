#pragma once
// The reference's training mixture of a source, a noise recording and room responses:
//   1. the noise is cut or placed to the source's length with 0.2-s linear fades;
//   2. the source is convolved with each channel of its room response, the noise with each noise
//      source's response and summed, everything truncated to the source length;
//   3. the noise is scaled by one gain for all channels so that the energy ratio over the noise's
//      active window, summed over channels and samples, is the SNR drawn uniformly in [5, 40] dB:
//      a = sqrt(E_x / (E_n + 1e-9) · 10^(−SNR/10)), y = x + a·n (interaural cues of both survive).
// Without room responses the dry source (and noise) is copied to every channel.
#include <cstddef>
#include <limits>
#include <random>
#include <vector>

#include "core/scene/impulse_response.h"

namespace gramt::scene {

using Channels = std::vector<std::vector<float>>;

// A noise recording fitted to a source length.
struct PlacedNoise {
  std::vector<float> signal;  // source length; zero outside the active window
  size_t start = 0;           // active window [start, start + length)
  size_t length = 0;
};

// Longer than the source: a window of source length starting uniformly in [0, L_n − L_s), faded out
// over the last `fade_seconds`. Otherwise: faded in and out (ramps 0→1 and 1→0 of fade_seconds, at
// most half the noise each), and placed at a start uniform in [0, L_s − L_n) (0 when equal).
PlacedNoise fade_and_place_noise(const std::vector<float>& noise, size_t source_length, int sample_rate,
                                 std::mt19937_64& rng, double fade_seconds = 0.2);

// Each channel of `response` convolved with `mono`, truncated to mono.size().
Channels reverberate(const std::vector<float>& mono, const ImpulseResponse& response);

// `noise` through every response in `responses`, summed per channel, truncated to `length`.
// Throws gramt::Error when the responses have different channel counts.
Channels reverberate_noise(const std::vector<float>& noise, const std::vector<ImpulseResponse>& responses, size_t length);

// The gain `a` above, energies over samples [start, start + length) of all channels.
double noise_gain_for_snr(const Channels& source, const Channels& noise, size_t start, size_t length, double snr_db);

// 10·log10(E_source / E_noise) over a window, all channels (infinite for silent noise).
double snr_db_over(const Channels& source, const Channels& noise, size_t start, size_t length);

Channels tile_mono(const std::vector<float>& mono, int channels);

// RMS level in dBFS (−infinity for silence).
double rms_dbfs(const std::vector<float>& signal);
// Scales to `target_dbfs` RMS (gain 10^((target − level)/20)); silence is left alone.
void normalise_rms(std::vector<float>& signal, double target_dbfs = -14.0);

struct MixOptions {
  bool with_rir = true;    // convolve with the room responses (false: dry source on every channel)
  bool with_noise = true;  // add the noise when one is given
  double snr_min_db = 5.0;
  double snr_max_db = 40.0;
  double fixed_snr_db = std::numeric_limits<double>::quiet_NaN();  // used instead of a draw when finite
  double fade_seconds = 0.2;
  int dry_channels = 2;    // channels of a dry mixture
};

struct MixedScene {
  Channels mixture;  // source + gain · noise, channels × source length
  Channels source;   // the source part alone
  Channels noise;    // the scaled noise part alone (zeros when noiseless)
  bool noisy = false;
  double snr_db = std::numeric_limits<double>::quiet_NaN();
  double noise_gain = 0.0;
  size_t noise_start = 0, noise_length = 0;  // active window of the noise
};

// `source_response` may be null only when !with_rir; `noise` may be null (no noise); with a noise and
// with_rir, `noise_responses` must hold at least one response. Random draws, in order: the noise
// window/placement, then the SNR. Throws gramt::Error for inconsistent channel counts or options.
MixedScene mix_scene(const std::vector<float>& source, const std::vector<float>* noise, const ImpulseResponse* source_response,
                     const std::vector<ImpulseResponse>* noise_responses, int sample_rate, const MixOptions& options,
                     std::mt19937_64& rng);

}  // namespace gramt::scene

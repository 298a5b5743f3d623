#include "core/scene/scene_mixer.h"

#include <algorithm>
#include <cmath>

#include "core/common/error.h"
#include "core/scene/fft_convolution.h"
#include "core/scene/scene_random.h"

namespace gramt::scene {
namespace {

constexpr double kEnergyFloor = 1e-9;  // keeps the gain finite for a silent noise window (reference value)

double window_energy(const Channels& channels, size_t start, size_t length) {
  double energy = 0.0;
  for (const auto& ch : channels) {
    const size_t end = std::min(ch.size(), start + length);
    for (size_t n = start; n < end; ++n) energy += static_cast<double>(ch[n]) * ch[n];
  }
  return energy;
}

// Linear ramp over samples [begin, begin + count): 0 → 1 (rising) or 1 → 0, ends included.
void apply_ramp(std::vector<float>& signal, size_t begin, size_t count, bool rising) {
  if (count == 0) return;
  for (size_t i = 0; i < count; ++i) {
    const double t = count == 1 ? 1.0 : static_cast<double>(i) / static_cast<double>(count - 1);
    signal[begin + i] = static_cast<float>(signal[begin + i] * (rising ? t : 1.0 - t));
  }
}

}  // namespace

PlacedNoise fade_and_place_noise(const std::vector<float>& noise, size_t source_length, int sample_rate,
                                 std::mt19937_64& rng, double fade_seconds) {
  if (sample_rate <= 0) throw Error("scene mixer: sample rate must be positive");
  if (!(fade_seconds >= 0.0)) throw Error("scene mixer: fade length must not be negative");
  const size_t ramp = static_cast<size_t>(std::llround(fade_seconds * sample_rate));
  PlacedNoise placed;
  placed.signal.assign(source_length, 0.0f);
  if (noise.empty() || source_length == 0) return placed;
  if (noise.size() > source_length) {
    const size_t offset = uniform_index(rng, noise.size() - source_length);
    std::copy(noise.begin() + static_cast<std::ptrdiff_t>(offset),
              noise.begin() + static_cast<std::ptrdiff_t>(offset + source_length), placed.signal.begin());
    const size_t out = std::min(ramp, source_length);
    apply_ramp(placed.signal, source_length - out, out, false);
    placed.start = 0;
    placed.length = source_length;
    return placed;
  }
  std::vector<float> faded = noise;
  const size_t each = std::min(ramp, faded.size() / 2);
  apply_ramp(faded, 0, each, true);
  apply_ramp(faded, faded.size() - each, each, false);
  placed.start = faded.size() < source_length ? uniform_index(rng, source_length - faded.size()) : 0;
  placed.length = faded.size();
  std::copy(faded.begin(), faded.end(), placed.signal.begin() + static_cast<std::ptrdiff_t>(placed.start));
  return placed;
}

Channels reverberate(const std::vector<float>& mono, const ImpulseResponse& response) {
  return convolve_truncated_each(mono, response, mono.size());
}

Channels reverberate_noise(const std::vector<float>& noise, const std::vector<ImpulseResponse>& responses, size_t length) {
  if (responses.empty()) throw Error("scene mixer: no noise responses given");
  // Convolution is linear, so summing the responses first gives the summed reverberant noise with
  // one convolution per channel instead of one per noise source.
  const size_t channels = responses.front().size();
  size_t taps = 0;
  for (const auto& r : responses) {
    if (r.size() != channels)
      throw Error("scene mixer: noise responses have different channel counts (" + std::to_string(channels) + " and " +
                  std::to_string(r.size()) + ")");
    for (const auto& ch : r) taps = std::max(taps, ch.size());
  }
  ImpulseResponse summed(channels, std::vector<float>(taps, 0.0f));
  for (const auto& r : responses)
    for (size_t c = 0; c < channels; ++c)
      for (size_t n = 0; n < r[c].size(); ++n) summed[c][n] += r[c][n];
  return convolve_truncated_each(noise, summed, length);
}

double noise_gain_for_snr(const Channels& source, const Channels& noise, size_t start, size_t length, double snr_db) {
  const double source_energy = window_energy(source, start, length);
  const double noise_energy = window_energy(noise, start, length);
  return std::sqrt(source_energy / (noise_energy + kEnergyFloor) * std::pow(10.0, -snr_db / 10.0));
}

double snr_db_over(const Channels& source, const Channels& noise, size_t start, size_t length) {
  return 10.0 * std::log10(window_energy(source, start, length) / window_energy(noise, start, length));
}

Channels tile_mono(const std::vector<float>& mono, int channels) {
  if (channels < 1) throw Error("scene mixer: channel count must be positive");
  return Channels(static_cast<size_t>(channels), mono);
}

double rms_dbfs(const std::vector<float>& signal) {
  double sum = 0.0;
  for (float v : signal) sum += static_cast<double>(v) * v;
  if (signal.empty() || sum <= 0.0) return -std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(sum / static_cast<double>(signal.size()));
}

void normalise_rms(std::vector<float>& signal, double target_dbfs) {
  const double level = rms_dbfs(signal);
  if (!std::isfinite(level)) return;
  const double gain = std::pow(10.0, (target_dbfs - level) / 20.0);
  for (float& v : signal) v = static_cast<float>(v * gain);
}

MixedScene mix_scene(const std::vector<float>& source, const std::vector<float>* noise, const ImpulseResponse* source_response,
                     const std::vector<ImpulseResponse>* noise_responses, int sample_rate, const MixOptions& options,
                     std::mt19937_64& rng) {
  if (!(options.snr_min_db <= options.snr_max_db) || !std::isfinite(options.snr_min_db) || !std::isfinite(options.snr_max_db))
    throw Error("scene mixer: SNR range must be finite with min <= max");
  const size_t length = source.size();
  MixedScene mixed;
  if (options.with_rir) {
    if (source_response == nullptr || source_response->empty()) throw Error("scene mixer: with_rir needs a source response");
    mixed.source = reverberate(source, *source_response);
  } else {
    mixed.source = tile_mono(source, options.dry_channels);
  }
  const size_t channels = mixed.source.size();
  mixed.noise.assign(channels, std::vector<float>(length, 0.0f));

  if (options.with_noise && noise != nullptr && !noise->empty() && length > 0) {
    const PlacedNoise placed = fade_and_place_noise(*noise, length, sample_rate, rng, options.fade_seconds);
    mixed.snr_db = std::isfinite(options.fixed_snr_db) ? options.fixed_snr_db
                                                       : uniform(rng, options.snr_min_db, options.snr_max_db);
    Channels noise_part;
    if (options.with_rir) {
      if (noise_responses == nullptr || noise_responses->empty())
        throw Error("scene mixer: with_rir and a noise need at least one noise response");
      noise_part = reverberate_noise(placed.signal, *noise_responses, length);
      if (noise_part.size() != channels)
        throw Error("scene mixer: the noise responses have " + std::to_string(noise_part.size()) +
                    " channels, the source response " + std::to_string(channels));
    } else {
      noise_part = tile_mono(placed.signal, static_cast<int>(channels));
    }
    mixed.noise_gain = noise_gain_for_snr(mixed.source, noise_part, placed.start, placed.length, mixed.snr_db);
    for (auto& ch : noise_part)
      for (float& v : ch) v = static_cast<float>(v * mixed.noise_gain);
    mixed.noise = std::move(noise_part);
    mixed.noisy = true;
    mixed.noise_start = placed.start;
    mixed.noise_length = placed.length;
  }
  mixed.mixture = mixed.source;
  for (size_t c = 0; c < channels; ++c)
    for (size_t n = 0; n < length; ++n) mixed.mixture[c][n] += mixed.noise[c][n];
  return mixed;
}

}  // namespace gramt::scene

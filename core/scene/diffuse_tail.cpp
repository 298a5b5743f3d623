#include "core/scene/diffuse_tail.h"

#include <algorithm>
#include <cmath>

#include "core/common/error.h"
#include "core/scene/geometry.h"
#include "core/scene/scene_random.h"

namespace gramt::scene {
namespace {

constexpr double kWindowSeconds = 0.01;  // energy comparison windows
constexpr int kSmoothingWindows = 2;     // ± windows averaged, so a few images more or less do not show

}  // namespace

std::vector<double> diffuse_tail_energy(const DiffuseTailParams& params, const std::vector<ImageArrival>& arrivals,
                                        int sample_rate, size_t length) {
  std::vector<double> energy(length, 0.0);
  if (!(params.rt60_seconds > 0.0) || !std::isfinite(params.rt60_seconds) || length == 0) return energy;
  if (!(params.room_volume > 0.0)) throw Error("diffuse tail: room volume must be positive");
  const double duration = static_cast<double>(length) / sample_rate;
  if (!(params.exact_until_seconds < duration)) return energy;  // the images cover the whole response
  const size_t windows = static_cast<size_t>(std::ceil(duration / kWindowSeconds)) + 1;
  const double rate = 4.0 * kPi * params.speed_of_sound / params.room_volume;  // energy per second at t = 0
  const double decay_per_second = std::log(10.0) * 6.0 / params.rt60_seconds;  // natural-log energy decay
  auto expected_rate = [&](double t) { return rate * std::exp(-decay_per_second * t); };

  std::vector<double> rendered(windows, 0.0), expected(windows, 0.0);
  for (const auto& a : arrivals) {
    const size_t w = static_cast<size_t>(a.time_seconds / kWindowSeconds);
    if (w < windows) rendered[w] += a.energy;
  }
  for (size_t w = 0; w < windows; ++w) expected[w] = expected_rate((w + 0.5) * kWindowSeconds) * kWindowSeconds;

  // Share of the expected energy the tail must supply, per window; zero while the model is exact.
  std::vector<double> missing(windows, 0.0);
  const size_t first = static_cast<size_t>(std::ceil(params.exact_until_seconds / kWindowSeconds));
  for (size_t w = first; w < windows; ++w) {
    double have = 0.0, want = 0.0;
    const size_t lo = w >= first + kSmoothingWindows ? w - kSmoothingWindows : first;
    const size_t hi = std::min(windows - 1, w + kSmoothingWindows);
    for (size_t v = lo; v <= hi; ++v) {
      have += rendered[v];
      want += expected[v];
    }
    missing[w] = want > 0.0 ? std::clamp(1.0 - have / want, 0.0, 1.0) : 0.0;
  }
  // Per sample, interpolating the missing share between window centres.
  for (size_t n = 0; n < length; ++n) {
    const double t = static_cast<double>(n) / sample_rate;
    const double pos = t / kWindowSeconds - 0.5;
    double share;
    if (pos <= 0.0) {
      share = missing[0];
    } else {
      const size_t w = static_cast<size_t>(pos);
      const double f = pos - static_cast<double>(w);
      share = w + 1 < windows ? (1.0 - f) * missing[w] + f * missing[w + 1] : missing[windows - 1];
    }
    energy[n] = share * expected_rate(t) / sample_rate;
  }
  return energy;
}

void add_diffuse_tail(ImpulseResponse& brir, const std::vector<double>& energy_per_sample, const DiffuseTailParams& params,
                      const HrirSet& hrirs, std::mt19937_64& rng) {
  if (brir.size() != static_cast<size_t>(hrirs.channel_count()))
    throw Error("diffuse tail: the response has " + std::to_string(brir.size()) + " channels, the receiver " +
                std::to_string(hrirs.channel_count()));
  if (!(params.pulse_density > 0.0) || params.directions < 1)
    throw Error("diffuse tail: pulse density and direction count must be positive");
  const size_t length = std::min(brir[0].size(), energy_per_sample.size());
  const int sample_rate = hrirs.sample_rate();
  std::vector<DirectionalResponse> pool;
  pool.reserve(static_cast<size_t>(params.directions));
  for (int i = 0; i < params.directions; ++i) {
    const double z = uniform(rng, -1.0, 1.0);
    const double azimuth = uniform(rng, 0.0, 360.0);
    pool.push_back(hrirs.lookup_channels(azimuth, degrees(std::asin(z))));
  }
  const double spacing = sample_rate / params.pulse_density;  // samples between pulse slots
  const size_t slots = static_cast<size_t>(std::ceil(static_cast<double>(length) / spacing));
  for (size_t s = 0; s < slots; ++s) {
    // Draw everything for the slot first, so the stream does not depend on which pulses are silent.
    const double position = (static_cast<double>(s) + uniform01(rng)) * spacing;
    const bool negative = (rng() & 1u) != 0;
    const DirectionalResponse& h = pool[uniform_index(rng, pool.size())];
    const size_t n = static_cast<size_t>(position);
    if (n >= length || energy_per_sample[n] <= 0.0) continue;
    // E[pulse²]·(pulses per sample) = energy per sample.
    const double amplitude = std::sqrt(energy_per_sample[n] * spacing) * (negative ? -1.0 : 1.0);
    for (size_t c = 0; c < brir.size(); ++c) {
      // Whole-sample onsets are enough inside a noise field; sets with stored delays keep their ITD.
      const size_t onset = n + static_cast<size_t>(std::lround(h.delays[c]));
      if (onset >= brir[c].size()) continue;
      const size_t taps = std::min(h.channels[c].size(), brir[c].size() - onset);
      float* dest = brir[c].data() + onset;
      const float* src = h.channels[c].data();
      const float a = static_cast<float>(amplitude);
      for (size_t j = 0; j < taps; ++j) dest[j] += a * src[j];
    }
  }
}

}  // namespace gramt::scene

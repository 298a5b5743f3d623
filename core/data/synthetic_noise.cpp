#include "core/data/synthetic_noise.h"

#include <algorithm>
#include <cmath>

#include "core/common/error.h"

namespace gramt::data {
namespace {

double gaussian(Rng& rng) {
  const double u = std::max(rng.uniform01(), 1e-300);
  return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * rng.uniform01());
}

// One-pole low-pass coefficient for a cut-off frequency.
double low_pass_coefficient(double cutoff_hz, int sample_rate) { return std::exp(-2.0 * M_PI * cutoff_hz / sample_rate); }

// Pink-like noise: white noise plus low-passed copies at octave-spaced cut-offs, each scaled so
// every octave carries about the same energy.
std::vector<double> pink(size_t n, int sample_rate, Rng& rng) {
  std::vector<double> cutoffs;
  for (double f = 20.0; f < sample_rate / 2.0; f *= 2.0) cutoffs.push_back(f);
  std::vector<double> state(cutoffs.size(), 0.0), out(n);
  for (size_t i = 0; i < n; ++i) {
    const double white = gaussian(rng);
    double sum = 0.0;
    for (size_t b = 0; b < cutoffs.size(); ++b) {
      const double a = low_pass_coefficient(cutoffs[b], sample_rate);
      state[b] = a * state[b] + (1.0 - a) * white;
      sum += state[b] * std::sqrt(sample_rate / (2.0 * cutoffs[b]));
    }
    out[i] = sum;
  }
  return out;
}

std::vector<double> brown(size_t n, int sample_rate, Rng& rng) {
  // A leaky integrator: −6 dB per octave above ~10 Hz, no drift below.
  const double a = low_pass_coefficient(10.0, sample_rate);
  std::vector<double> out(n);
  double y = 0.0;
  for (size_t i = 0; i < n; ++i) out[i] = y = a * y + (1.0 - a) * gaussian(rng);
  return out;
}

std::vector<double> rain(size_t n, int sample_rate, Rng& rng) {
  std::vector<double> out(n);
  // The hiss: high-passed white noise (white minus its low-passed part).
  const double a = low_pass_coefficient(2000.0, sample_rate);
  double low = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const double w = gaussian(rng);
    low = a * low + (1.0 - a) * w;
    out[i] = 0.05 * (w - low);
  }
  // Drops: a few hundred per second, each a short noise burst with a fast exponential decay.
  const double drops_per_second = 250.0;
  const auto drops = static_cast<int64_t>(drops_per_second * static_cast<double>(n) / sample_rate);
  for (int64_t d = 0; d < drops; ++d) {
    const auto start = static_cast<size_t>(rng.uniform_int(0, static_cast<int64_t>(n) - 1));
    const double amplitude = std::pow(rng.uniform01(), 3.0);
    const double decay_samples = rng.uniform(0.001, 0.006) * sample_rate;
    for (size_t i = start; i < std::min(n, start + static_cast<size_t>(5 * decay_samples)); ++i)
      out[i] += amplitude * std::exp(-static_cast<double>(i - start) / decay_samples) * gaussian(rng);
  }
  return out;
}

std::vector<double> wind(size_t n, int sample_rate, Rng& rng) {
  auto out = brown(n, sample_rate, rng);
  // Gusts: the level follows a very slow random walk (low-passed noise at 0.5 Hz).
  const double a = low_pass_coefficient(0.5, sample_rate);
  double level = 0.0;
  for (size_t i = 0; i < n; ++i) {
    level = a * level + (1.0 - a) * gaussian(rng) * 30.0;
    out[i] *= 0.3 + std::min(1.5, std::abs(level));
  }
  return out;
}

std::vector<double> hum(size_t n, int sample_rate, Rng& rng) {
  const double mains = rng.bernoulli(0.5) ? 50.0 : 60.0;
  std::vector<double> phases;
  for (int h = 1; h <= 8; ++h) phases.push_back(rng.uniform(0.0, 2.0 * M_PI));
  auto out = brown(n, sample_rate, rng);
  for (size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / sample_rate;
    double tone = 0.0;
    for (int h = 1; h <= 8; ++h) tone += std::sin(2.0 * M_PI * mains * h * t + phases[static_cast<size_t>(h - 1)]) / h;
    out[i] = 0.5 * out[i] + 0.02 * tone;
  }
  return out;
}

}  // namespace

const std::vector<std::string>& synthetic_noise_kinds() {
  static const std::vector<std::string> kinds{"pink", "brown", "rain", "wind", "hum"};
  return kinds;
}

std::vector<float> synthesise_noise(const std::string& kind, int sample_rate, double seconds, Rng& rng) {
  if (sample_rate <= 0 || !(seconds > 0)) throw Error("synthetic noise: sample rate and duration must be positive");
  const auto n = static_cast<size_t>(std::llround(seconds * sample_rate));
  std::vector<double> signal;
  if (kind == "pink") signal = pink(n, sample_rate, rng);
  else if (kind == "brown") signal = brown(n, sample_rate, rng);
  else if (kind == "rain") signal = rain(n, sample_rate, rng);
  else if (kind == "wind") signal = wind(n, sample_rate, rng);
  else if (kind == "hum") signal = hum(n, sample_rate, rng);
  else throw Error("synthetic noise: unknown kind '" + kind + "' (pink, brown, rain, wind, hum)");
  double peak = 0.0;
  for (double v : signal) peak = std::max(peak, std::abs(v));
  std::vector<float> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = peak > 0 ? static_cast<float>(0.5 * signal[i] / peak) : 0.0f;
  return out;
}

}  // namespace gramt::data

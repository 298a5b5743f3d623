#pragma once
// Small helpers shared by the scene tests.
#include <unistd.h>

#include <cmath>
#include <complex>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/scene/hrir_set.h"

namespace gramt::scene::testing {

constexpr const char* kKemarSofa = "/usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa";

// The MIT KEMAR set at 32 kHz, opened once for all tests (libmysofa's resampling takes most of a
// second); null when the file is not installed.
inline const HrirSet* kemar_32k() {
  static const std::unique_ptr<HrirSet> set = []() -> std::unique_ptr<HrirSet> {
    if (!std::filesystem::exists(kKemarSofa)) return nullptr;
    return std::make_unique<HrirSet>(HrirSet::open_sofa(kKemarSofa, 32000));
  }();
  return set.get();
}

inline std::filesystem::path fresh_dir(const std::string& name) {
  const auto p = std::filesystem::temp_directory_path() / ("gramt_scene_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

inline size_t argmax_abs(const std::vector<float>& x) {
  size_t best = 0;
  for (size_t i = 1; i < x.size(); ++i)
    if (std::abs(x[i]) > std::abs(x[best])) best = i;
  return best;
}

// Group delay in samples of x around `frequency` (Hz), from the phase slope between two close frequencies.
inline double group_delay_samples(const std::vector<float>& x, int sample_rate, double frequency) {
  const double pi = std::acos(-1.0);
  auto spectrum = [&](double f) {
    std::complex<double> sum = 0.0;
    for (size_t n = 0; n < x.size(); ++n) sum += double(x[n]) * std::polar(1.0, -2.0 * pi * f * double(n) / sample_rate);
    return sum;
  };
  const double df = 5.0;
  const double dphi = std::arg(spectrum(frequency + df) / spectrum(frequency));
  return -dphi / (2.0 * pi * df / sample_rate);
}

// Lag (in samples) by which `b` trails `a`: argmax of their cross-correlation over ±max_lag.
inline int lag_of(const std::vector<float>& a, const std::vector<float>& b, int max_lag) {
  int best_lag = 0;
  double best = -1e300;
  for (int lag = -max_lag; lag <= max_lag; ++lag) {
    double sum = 0.0;
    for (size_t n = 0; n < a.size(); ++n) {
      const long m = static_cast<long>(n) + lag;
      if (m >= 0 && m < static_cast<long>(b.size())) sum += double(a[n]) * b[static_cast<size_t>(m)];
    }
    if (sum > best) {
      best = sum;
      best_lag = lag;
    }
  }
  return best_lag;
}

}  // namespace gramt::scene::testing

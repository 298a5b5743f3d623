#include "core/scene/fractional_delay.h"

#include <cmath>

#include "core/scene/geometry.h"

namespace gramt::scene {
namespace {

// Taps of the interpolator for `delay`; the first tap sits at sample `first`.
void interpolator_taps(double delay, std::vector<double>& taps, long& first) {
  const double nearest = std::round(delay);
  taps.clear();
  if (std::abs(delay - nearest) < 1e-9) {
    first = static_cast<long>(nearest);
    taps.push_back(1.0);
    return;
  }
  const int w = kFractionalDelayHalfWidth;
  first = static_cast<long>(std::ceil(delay - w));
  const long last = static_cast<long>(std::floor(delay + w));
  for (long n = first; n <= last; ++n) {
    const double x = static_cast<double>(n) - delay;
    const double sinc = std::sin(kPi * x) / (kPi * x);
    const double u = x / (w + 1);  // window reaches zero one tap past the ends, so end taps still count
    const double window = 0.42 + 0.5 * std::cos(kPi * u) + 0.08 * std::cos(2.0 * kPi * u);
    taps.push_back(sinc * window);
  }
}

}  // namespace

void add_delayed(std::vector<float>& out, const float* response, size_t response_length, double delay, double gain) {
  if (!std::isfinite(delay) || gain == 0.0 || response_length == 0) return;
  thread_local std::vector<double> taps;
  long first = 0;
  interpolator_taps(delay, taps, first);
  const long size = static_cast<long>(out.size());
  const long length = static_cast<long>(response_length);
  for (size_t i = 0; i < taps.size(); ++i) {
    const long start = first + static_cast<long>(i);
    const long j_begin = start < 0 ? -start : 0;
    const long j_end = std::min(length, size - start);
    if (j_begin >= j_end) continue;
    const float g = static_cast<float>(gain * taps[i]);
    float* dest = out.data() + start;
    for (long j = j_begin; j < j_end; ++j) dest[j] += g * response[j];
  }
}

void add_delayed_impulse(std::vector<float>& out, double delay, double gain) {
  const float one = 1.0f;
  add_delayed(out, &one, 1, delay, gain);
}

}  // namespace gramt::scene

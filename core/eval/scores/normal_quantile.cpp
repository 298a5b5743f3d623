#include "core/eval/scores/normal_quantile.h"

#include <cmath>
#include <limits>

#include "core/eval/scores/angles.h"

namespace gramt::eval::scores {

double normal_quantile(double p) {
  if (std::isnan(p) || p < 0.0 || p > 1.0) return std::numeric_limits<double>::quiet_NaN();
  if (p == 0.0) return -std::numeric_limits<double>::infinity();
  if (p == 1.0) return std::numeric_limits<double>::infinity();
  if (p == 0.5) return 0.0;

  // Solve Q(z) = tail in the smaller tail, where Q is the upper-tail probability 0.5*erfc(z/sqrt 2):
  // erfc keeps full relative precision there, and 1 - p is exact for p > 0.5.
  const bool upper = p > 0.5;
  const double tail = upper ? 1.0 - p : p;

  // Starting point: Abramowitz & Stegun 26.2.23 (absolute error below 4.5e-4).
  const double t = std::sqrt(-2.0 * std::log(tail));
  double z = t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308)));

  // Halley iterations on f(z) = Q(z) - tail, with f' = -phi(z) and f'' = z * phi(z).
  const double sqrt_two_pi = std::sqrt(2.0 * kPi);
  for (int iteration = 0; iteration < 8; ++iteration) {
    const double error = 0.5 * std::erfc(z / std::sqrt(2.0)) - tail;
    const double u = error * sqrt_two_pi * std::exp(0.5 * z * z);  // -f / f'
    const double step = u / (1.0 - 0.5 * z * u);
    z += step;
    if (std::fabs(step) <= 1e-17 * std::fmax(1.0, std::fabs(z))) break;
  }
  return upper ? z : -z;
}

}  // namespace gramt::eval::scores

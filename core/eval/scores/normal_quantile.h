#pragma once
// The standard normal quantile function Phi^-1 (scipy.stats.norm.ppf), needed by d_prime.

namespace gramt::eval::scores {

// Phi^-1(p) to about machine precision; -inf at 0, +inf at 1, NaN outside [0, 1] or for NaN.
double normal_quantile(double p);

}  // namespace gramt::eval::scores

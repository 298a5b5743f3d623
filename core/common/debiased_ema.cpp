#include "core/common/debiased_ema.h"

#include <algorithm>
#include <cmath>

namespace gramt {

std::vector<double> debiased_ema(const std::vector<double>& values, double weight) {
  const double w = std::clamp(std::isnan(weight) ? 0.0 : weight, 0.0, 1.0);
  const bool all_equal = std::all_of(values.begin(), values.end(), [&](double v) { return v == values.front(); });
  if (values.empty() || all_equal) return values;
  std::vector<double> out(values.size());
  double last = 0.0, w_power = 1.0;  // w^k, kept as a running product: no pow() per point
  for (size_t i = 0; i < values.size(); ++i) {
    const double y = values[i];
    if (!std::isfinite(y)) {
      out[i] = y;
      continue;
    }
    last = w * last + (1.0 - w) * y;
    w_power *= w;
    const double debias = w == 1.0 ? 1.0 : 1.0 - w_power;
    out[i] = last / debias;
  }
  return out;
}

}  // namespace gramt

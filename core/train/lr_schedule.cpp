#include "core/train/lr_schedule.h"

#include <algorithm>
#include <cmath>

namespace gramt::train {

double WarmupCosineSchedule::at(int64_t step) const {
  if (step < warmup_steps) return base_lr * static_cast<double>(step) / static_cast<double>(std::max<int64_t>(1, warmup_steps));
  const double progress = static_cast<double>(step - warmup_steps) /
                          static_cast<double>(std::max<int64_t>(1, total_steps - warmup_steps));
  return base_lr * std::max(0.0, 0.5 * (1.0 + std::cos(M_PI * progress)));
}

}  // namespace gramt::train

#pragma once
// The reference's learning-rate schedule, evaluated per optimiser step: linear warm-up from 0, then
// half a cosine down to 0 at the last step (floored at 0 beyond it).
#include <cstdint>

namespace gramt::train {

struct WarmupCosineSchedule {
  double base_lr = 2e-4;
  int64_t warmup_steps = 10000;
  int64_t total_steps = 500000;

  double at(int64_t step) const;
};

}  // namespace gramt::train

#include "core/eval/taskmaker/task_random.h"

#include <cmath>

namespace gramt::eval::taskmaker {

uint64_t stable_hash(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

TaskRandom TaskRandom::fork(const std::string& name) const {
  // A copy of the engine advanced by nothing: the fork's seed mixes this generator's next output
  // (without consuming it) with the name.
  std::mt19937_64 copy = engine_;
  return TaskRandom(copy() ^ stable_hash(name));
}

uint64_t TaskRandom::below(uint64_t n) {
  if (n <= 1) return 0;
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  for (;;) {
    const uint64_t x = engine_();
    if (x < limit) return x % n;
  }
}

double TaskRandom::normal() {
  double u1 = uniform();
  while (u1 <= 0.0) u1 = uniform();
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
}

}  // namespace gramt::eval::taskmaker

#pragma once
// Random draws for scenes from an explicitly seeded std::mt19937_64. The engine's output is fixed by
// the standard, but std:: distributions are not (they differ between standard libraries), so the
// mappings to numbers are written out: the same seed gives the same scene everywhere.
#include <cstdint>
#include <random>

namespace gramt::scene {

// Uniform in [0, 1) with 53 random bits.
inline double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

inline double uniform(std::mt19937_64& rng, double lo, double hi) { return lo + (hi - lo) * uniform01(rng); }

// Uniform integer in [0, n) without modulo bias; n >= 1.
inline uint64_t uniform_index(std::mt19937_64& rng, uint64_t n) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x = rng();
  while (x >= limit) x = rng();
  return x % n;
}

// A fresh seed for a sub-stream (e.g. one source's tail), so adding a draw elsewhere does not shift it.
inline uint64_t child_seed(std::mt19937_64& rng) { return rng(); }

}  // namespace gramt::scene

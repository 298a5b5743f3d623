#pragma once
// The task maker's random numbers: a 64-bit Mersenne Twister with its draws written out here
// rather than taken from <random>'s distributions, whose algorithms the standard leaves to each
// library; the same seed therefore gives the same benchmark everywhere.
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace gramt::eval::taskmaker {

class TaskRandom {
 public:
  explicit TaskRandom(uint64_t seed) : engine_(seed) {}
  // A generator for a named sub-task, independent of how many draws others made.
  TaskRandom fork(const std::string& name) const;

  uint64_t bits() { return engine_(); }
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }  // [0, 1)
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  // Uniform integer in [0, n), n >= 1, without modulo bias.
  uint64_t below(uint64_t n);
  int64_t integer(int64_t low, int64_t high) { return low + static_cast<int64_t>(below(static_cast<uint64_t>(high - low + 1))); }
  double normal();  // standard normal (Box-Muller)

  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
  }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }

 private:
  std::mt19937_64 engine_;
};

// FNV-1a of a text: stable seeds derived from names.
uint64_t stable_hash(const std::string& text);

}  // namespace gramt::eval::taskmaker

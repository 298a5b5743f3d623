#pragma once
// Python's `random` module generator (MT19937 seeded through init_by_array, integer draws by
// rejection on getrandbits) — just enough of it to shuffle a list the way `random.seed(s);
// random.shuffle(x)` does, so that `--grid-points N` picks the same grid points as the kits do.
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace gramt::eval::format {

class PythonRandom {
 public:
  // Same state as Python's random.seed(seed) for an int seed (absolute value, 32-bit words).
  explicit PythonRandom(int64_t seed);

  uint32_t next_uint32();
  // random.getrandbits(k) for 1 <= k <= 32.
  uint32_t getrandbits(int k);
  // random._randbelow(n) for 1 <= n < 2^32.
  uint32_t randbelow(uint32_t n);

  // random.shuffle(items): Fisher–Yates from the last element down.
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i-- > 1;) {
      const size_t j = randbelow(static_cast<uint32_t>(i + 1));
      std::swap(items[i], items[j]);
    }
  }

 private:
  void init_genrand(uint32_t seed);
  void init_by_array(const std::vector<uint32_t>& key);
  void twist();

  std::array<uint32_t, 624> state_{};
  size_t index_ = 625;
};

}  // namespace gramt::eval::format

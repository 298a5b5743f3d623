#include "core/data/random.h"

#include "core/common/error.h"

namespace gramt::data {
namespace {

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

uint64_t derive_seed(uint64_t seed, RandomStream stream, uint64_t index, uint64_t extra) {
  uint64_t state = seed;
  uint64_t h = splitmix64(state);
  for (uint64_t part : {static_cast<uint64_t>(stream), index, extra}) {
    state = h ^ part;
    h = splitmix64(state);
  }
  return h;
}

Rng::Rng(uint64_t seed) {
  uint64_t s = seed;
  for (auto& word : state_) word = splitmix64(s);
}

uint64_t Rng::next_u64() {
  const uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

int64_t Rng::uniform_int(int64_t lo, int64_t hi) {
  if (lo > hi) throw Error("random integer range is empty: [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  if (span == UINT64_MAX) return static_cast<int64_t>(next_u64());
  const uint64_t range = span + 1;
  // Reject the top sliver of values that would make some results more likely than others.
  const uint64_t limit = UINT64_MAX - (UINT64_MAX % range + 1) % range;
  uint64_t x;
  do x = next_u64();
  while (x > limit);
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + x % range);
}

double Rng::uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

std::vector<int64_t> Rng::permutation(int64_t n) {
  std::vector<int64_t> order(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
  shuffle(order);
  return order;
}

std::vector<int64_t> Rng::sample_without_replacement(int64_t n, int64_t count) {
  if (count < 0 || count > n)
    throw Error("cannot draw " + std::to_string(count) + " distinct values out of " + std::to_string(n));
  std::vector<int64_t> pool(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) pool[static_cast<size_t>(i)] = i;
  for (int64_t i = 0; i < count; ++i) std::swap(pool[static_cast<size_t>(i)], pool[static_cast<size_t>(uniform_int(i, n - 1))]);
  pool.resize(static_cast<size_t>(count));
  return pool;
}

}  // namespace gramt::data

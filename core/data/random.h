#pragma once
// The data pipeline's random numbers. Every draw comes from a generator seeded by mixing the run
// seed with what is being drawn (stream) and for which batch or epoch (index), so a batch's content
// does not depend on which thread built it or on what was drawn before. The generator and the
// integer mapping are written out (not std:: distributions, whose results differ between standard
// libraries), so the same seed gives the same data on every platform.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace gramt::data {

// What a random stream is used for; part of every derived seed so streams never coincide.
enum class RandomStream : uint64_t {
  kClipOrder = 1,     // epoch permutation of a folder's items
  kNoiseOrder = 2,    // epoch permutation of a noise folder
  kShardOrder = 3,    // epoch permutation of the shard list
  kShuffleBuffer = 4, // the bounded shuffle buffer of a shard stream
  kBatch = 5,         // everything drawn while building one batch (scenes, crops, masks, order)
};

// Mixes a seed, a stream and an index into one well-spread 64-bit seed (SplitMix64 steps).
uint64_t derive_seed(uint64_t seed, RandomStream stream, uint64_t index, uint64_t extra = 0);

// xoshiro256** seeded through SplitMix64.
class Rng {
 public:
  explicit Rng(uint64_t seed);

  uint64_t next_u64();
  // Uniform in [lo, hi], both ends included, without modulo bias; requires lo <= hi.
  int64_t uniform_int(int64_t lo, int64_t hi);
  // Uniform in [0, 1) with 53 random bits.
  double uniform01();
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
  // True with probability p.
  bool bernoulli(double p) { return uniform01() < p; }

  // Fisher–Yates shuffle.
  template <class T>
  void shuffle(std::vector<T>& values) {
    for (int64_t i = static_cast<int64_t>(values.size()) - 1; i > 0; --i)
      std::swap(values[static_cast<size_t>(i)], values[static_cast<size_t>(uniform_int(0, i))]);
  }
  // The identity permutation of [0, n) shuffled.
  std::vector<int64_t> permutation(int64_t n);
  // `count` distinct values of [0, n), each subset equally likely (partial Fisher–Yates).
  std::vector<int64_t> sample_without_replacement(int64_t n, int64_t count);

 private:
  uint64_t state_[4];
};

}  // namespace gramt::data

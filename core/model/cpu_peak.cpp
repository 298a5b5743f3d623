#include "core/model/cpu_peak.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/model/cpu_features.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define GRAMT_PEAK_X86 1
#endif

namespace gramt::model {
namespace {

// Many short tries, best kept (see rate_on_threads).
constexpr int64_t kIterations = 1'000'000;  // ≈ 6–25 ms per try on one core
constexpr int kTries = 30;
constexpr int kAccumulators = 16;

// Keeps results alive so the compiler cannot drop the loops.
std::atomic<uint64_t> sink{0};

#if defined(GRAMT_PEAK_X86)
// Each iteration: 16 independent vector operations (acc_i ← acc_i + a·b), enough to hide the
// latency of two pipelined units. Values stay normal: acc·0.999999 + 1e-6 and wrap-around integers.
#define GRAMT_REPEAT16(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)

__attribute__((target("avx512f"))) void fp32_fma_avx512(int64_t n) {
  const __m512 a = _mm512_set1_ps(0.999999F), b = _mm512_set1_ps(1e-6F);
#define DECLARE(i) __m512 acc##i = _mm512_set1_ps(1.0F + static_cast<float>(i));
#define STEP(i) acc##i = _mm512_fmadd_ps(acc##i, a, b);
#define FOLD(i) total = _mm512_add_ps(total, acc##i);
  GRAMT_REPEAT16(DECLARE)
  for (int64_t it = 0; it < n; ++it) { GRAMT_REPEAT16(STEP) }
  __m512 total = _mm512_setzero_ps();
  GRAMT_REPEAT16(FOLD)
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, total);
  sink += static_cast<uint64_t>(lanes[0]);
#undef DECLARE
#undef STEP
#undef FOLD
}

__attribute__((target("avx2,fma"))) void fp32_fma_avx2(int64_t n) {
  const __m256 a = _mm256_set1_ps(0.999999F), b = _mm256_set1_ps(1e-6F);
#define DECLARE(i) __m256 acc##i = _mm256_set1_ps(1.0F + static_cast<float>(i));
#define STEP(i) acc##i = _mm256_fmadd_ps(acc##i, a, b);
#define FOLD(i) total = _mm256_add_ps(total, acc##i);
  GRAMT_REPEAT16(DECLARE)
  for (int64_t it = 0; it < n; ++it) { GRAMT_REPEAT16(STEP) }
  __m256 total = _mm256_setzero_ps();
  GRAMT_REPEAT16(FOLD)
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, total);
  sink += static_cast<uint64_t>(lanes[0]);
#undef DECLARE
#undef STEP
#undef FOLD
}

__attribute__((target("avx512f,avx512bf16"))) void bf16_dot_avx512(int64_t n) {
  const __m512bh a = _mm512_cvtne2ps_pbh(_mm512_set1_ps(1e-3F), _mm512_set1_ps(1e-3F));
  const __m512bh b = _mm512_cvtne2ps_pbh(_mm512_set1_ps(1e-3F), _mm512_set1_ps(1e-3F));
#define DECLARE(i) __m512 acc##i = _mm512_set1_ps(static_cast<float>(i));
#define STEP(i) acc##i = _mm512_dpbf16_ps(acc##i, a, b);
#define FOLD(i) total = _mm512_add_ps(total, acc##i);
  GRAMT_REPEAT16(DECLARE)
  for (int64_t it = 0; it < n; ++it) { GRAMT_REPEAT16(STEP) }
  __m512 total = _mm512_setzero_ps();
  GRAMT_REPEAT16(FOLD)
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, total);
  sink += static_cast<uint64_t>(lanes[0]);
#undef DECLARE
#undef STEP
#undef FOLD
}

__attribute__((target("avx512f,avx512vnni"))) void int8_dot_avx512(int64_t n) {
  const __m512i a = _mm512_set1_epi8(3), b = _mm512_set1_epi8(-2);
#define DECLARE(i) __m512i acc##i = _mm512_set1_epi32(i);
#define STEP(i) acc##i = _mm512_dpbusd_epi32(acc##i, a, b);
#define FOLD(i) total = _mm512_add_epi32(total, acc##i);
  GRAMT_REPEAT16(DECLARE)
  for (int64_t it = 0; it < n; ++it) { GRAMT_REPEAT16(STEP) }
  __m512i total = _mm512_setzero_si512();
  GRAMT_REPEAT16(FOLD)
  alignas(64) int32_t lanes[16];
  _mm512_store_si512(lanes, total);
  sink += static_cast<uint64_t>(lanes[0]);
#undef DECLARE
#undef STEP
#undef FOLD
}
#undef GRAMT_REPEAT16
#endif

// `kernel` on every thread at once, a few times; each thread times its own run, and the rate is the
// sum over threads of each one's best. On a shared machine the other load rarely leaves every core
// free at the same moment, but each core is free now and then; all threads still run together, so
// the clock is the all-core one. `ops_per_iteration` per thread.
double rate_on_threads(int threads, double ops_per_iteration, const std::function<void(int64_t)>& kernel) {
  kernel(kIterations / 4);  // clocks up, code in cache
  std::vector<double> best_seconds(static_cast<size_t>(threads), 1e30);
  for (int attempt = 0; attempt < kTries; ++attempt) {
    at::parallel_for(0, threads, 1, [&](int64_t begin, int64_t end) {
      for (int64_t t = begin; t < end; ++t) {
        const auto t0 = std::chrono::steady_clock::now();
        kernel(kIterations);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        best_seconds[static_cast<size_t>(t)] = std::min(best_seconds[static_cast<size_t>(t)], seconds);
      }
    });
  }
  double rate = 0;
  for (double seconds : best_seconds) rate += ops_per_iteration * static_cast<double>(kIterations) / seconds / 1e9;
  return rate;
}

PeakRate measured(int threads, double ops_per_iteration, const char* kernel_name, const std::function<void(int64_t)>& kernel) {
  return PeakRate{true, rate_on_threads(threads, ops_per_iteration, kernel), kernel_name};
}

PeakRate missing(const std::string& why) { return PeakRate{false, 0, why}; }

}  // namespace

CpuPeak measure_cpu_peak(int threads) {
  CpuPeak p;
  p.threads = threads > 0 ? threads : at::get_num_threads();
  const CpuFeatures& cpu = cpu_features();
#if defined(GRAMT_PEAK_X86)
  // Per iteration and thread: 16 vector instructions; a multiply-add counts as two operations.
  if (cpu.has("avx512f") && __builtin_cpu_supports("avx512f"))
    p.fp32_fma = measured(p.threads, kAccumulators * 16 * 2.0, "avx512f vfmadd231ps zmm", fp32_fma_avx512);
  else if (cpu.has("fma") && __builtin_cpu_supports("fma"))
    p.fp32_fma = measured(p.threads, kAccumulators * 8 * 2.0, "avx2 vfmadd231ps ymm", fp32_fma_avx2);
  else
    p.fp32_fma = missing("not available: no fma");
  p.bf16_dot = cpu.has("avx512_bf16")
                   ? measured(p.threads, kAccumulators * 32 * 2.0, "avx512_bf16 vdpbf16ps zmm", bf16_dot_avx512)
                   : missing("not available: no avx512_bf16");
  p.int8_dot = cpu.has("avx512_vnni")
                   ? measured(p.threads, kAccumulators * 64 * 2.0, "avx512_vnni vpdpbusd zmm", int8_dot_avx512)
                   : missing("not available: no avx512_vnni");
#else
  (void)cpu;
  p.fp32_fma = missing("not available: not an x86-64 build");
  p.bf16_dot = missing("not available: not an x86-64 build");
  p.int8_dot = missing("not available: not an x86-64 build");
#endif
  return p;
}

}  // namespace gramt::model

#include "core/model/int8_quantization.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/common/error.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define GRAMT_QUANTIZE_AVX512 1
#endif

namespace gramt::model {
namespace {

float max_abs_portable(const float* x, int64_t n) {
  float m = 0.0F;
  for (int64_t i = 0; i < n; ++i) m = std::max(m, std::fabs(x[i]));
  return m;
}

// Round half to even, as the vector conversion does under the default rounding mode.
void quantize_portable(const float* x, int64_t n, float inverse_scale, int8_t* q) {
  for (int64_t i = 0; i < n; ++i)
    q[i] = static_cast<int8_t>(std::clamp(std::nearbyint(x[i] * inverse_scale), -127.0F, 127.0F));
}

#if defined(GRAMT_QUANTIZE_AVX512)
// Activations are quantised before every int8 product (≈100 M values per 8-chunk batch of the
// base encoder), so this pass must run at memory speed; the int8 path needs AVX-512 VNNI anyway.
// The masked forms with every lane on: GCC 12 warns about the unmasked ones' undefined fill values.
constexpr __mmask16 kAllLanes = 0xFFFF;

__attribute__((target("avx512f,avx512bw"))) float max_abs_avx512(const float* x, int64_t n) {
  __m512 m = _mm512_setzero_ps();
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) m = _mm512_maskz_max_ps(kAllLanes, m, _mm512_abs_ps(_mm512_loadu_ps(x + i)));
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, m);
  return std::max(*std::max_element(lanes, lanes + 16), max_abs_portable(x + i, n - i));
}

__attribute__((target("avx512f,avx512bw"))) void quantize_avx512(const float* x, int64_t n, float inverse_scale, int8_t* q) {
  const __m512 s = _mm512_set1_ps(inverse_scale);
  int64_t i = 0;
  // |x · s| ≤ 127 by the choice of s; the conversion rounds half to even and saturates.
  for (; i + 16 <= n; i += 16) {
    const __m512i v = _mm512_maskz_cvtps_epi32(kAllLanes, _mm512_mul_ps(_mm512_loadu_ps(x + i), s));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(q + i), _mm512_maskz_cvtsepi32_epi8(kAllLanes, v));
  }
  quantize_portable(x + i, n - i, inverse_scale, q + i);
}

bool has_avx512() {
  static const bool yes = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
  return yes;
}
#endif

void quantize_row(const float* x, int64_t n, int8_t* q, float* scale) {
#if defined(GRAMT_QUANTIZE_AVX512)
  const bool vector = has_avx512();
  const float m = vector ? max_abs_avx512(x, n) : max_abs_portable(x, n);
#else
  const float m = max_abs_portable(x, n);
#endif
  if (!(m > 0.0F)) {  // all zeros (or NaN): zeros with scale 1
    std::fill(q, q + n, int8_t{0});
    *scale = 1.0F;
    return;
  }
  *scale = m / 127.0F;
  const float inverse = 127.0F / m;
#if defined(GRAMT_QUANTIZE_AVX512)
  if (vector) return quantize_avx512(x, n, inverse, q);
#endif
  quantize_portable(x, n, inverse, q);
}

}  // namespace

QuantizedRows quantize_rows(const torch::Tensor& x_in) {
  if (x_in.dim() != 2 || x_in.scalar_type() != torch::kFloat32 || !x_in.device().is_cpu())
    throw Error("quantize_rows: needs a float32 CPU matrix, got " + c10::str(x_in.sizes()) + " " +
                std::string(c10::toString(x_in.scalar_type())));
  const torch::Tensor x = x_in.stride(1) == 1 ? x_in : x_in.contiguous();
  const int64_t m = x.size(0), k = x.size(1), row_stride = x.stride(0);
  QuantizedRows q{torch::empty({m, k}, x.options().dtype(torch::kInt8)), torch::empty({m}, x.options())};
  const float* src = x.data_ptr<float>();
  int8_t* values = q.values.data_ptr<int8_t>();
  float* scales = q.scales.data_ptr<float>();
  const int64_t grain = std::max<int64_t>(1, 16384 / std::max<int64_t>(1, k));
  at::parallel_for(0, m, grain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) quantize_row(src + i * row_stride, k, values + i * k, scales + i);
  });
  return q;
}

torch::Tensor dequantize_rows(const QuantizedRows& q) { return q.values.to(torch::kFloat32) * q.scales.unsqueeze(1); }

}  // namespace gramt::model

#pragma once
// The arithmetic a model's matrix products use: fp32 (the default, exact against the reference) or
// bf16 (inputs rounded to bfloat16, products accumulated in fp32 through oneDNN; LayerNorm, softmax,
// GELU and losses stay fp32). bf16 pays off only on CPUs that multiply bf16 natively (AVX512-BF16,
// AMX); elsewhere oneDNN emulates it, slower than fp32, so callers fall back with a notice.
#include <string>

namespace gramt::model {

enum class ComputePrecision { fp32, bf16 };

// "32" and "fp32" → fp32; "bf16" and "bf16-mixed" → bf16. Anything else: an error naming `option`
// and listing the valid values.
ComputePrecision parse_compute_precision(const std::string& text, const std::string& option = "--precision");

const char* precision_name(ComputePrecision p);  // "fp32" | "bf16"

// Whether this CPU has native bf16 dot products (avx512_bf16 or amx_bf16 in /proc/cpuinfo).
bool cpu_has_native_bf16();

// Whether bf16 products can run here at all: the direct oneDNN products are compiled in and on.
bool bf16_matmul_available();

// What a request for `wanted` on the CPU gets: bf16 only where bf16_matmul_available() and the CPU
// has native bf16. When bf16 was asked for and cannot be had, `notice` says why in one line.
struct PrecisionChoice {
  ComputePrecision precision = ComputePrecision::fp32;
  std::string notice;
};
PrecisionChoice choose_cpu_precision(ComputePrecision wanted);

}  // namespace gramt::model

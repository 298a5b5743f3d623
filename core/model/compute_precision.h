#pragma once
// The arithmetic a model's matrix products use: fp32 (the default, exact against the reference),
// bf16 (inputs rounded to bfloat16, products accumulated in fp32 through oneDNN; LayerNorm, softmax,
// GELU and losses stay fp32) or int8 (embedding only: the encoder's linear layers as int8 products,
// int8_linear_scope.h). bf16 pays off only on CPUs that multiply bf16 natively (AVX512-BF16, AMX),
// int8 only on CPUs with VNNI (AVX512-VNNI, AMX); elsewhere oneDNN emulates them, slower than fp32,
// so callers fall back with a notice.
#include <string>

namespace gramt::model {

enum class ComputePrecision { fp32, bf16, int8 };

// "32" and "fp32" → fp32; "bf16" and "bf16-mixed" → bf16; "int8" → int8. Anything else: an error
// naming `option` and listing the valid values.
ComputePrecision parse_compute_precision(const std::string& text, const std::string& option = "--precision");

// Training computes in fp32 or bf16-mixed: an int8 request is refused with an error naming `option`
// and saying where int8 applies. Other values pass (they are checked where they are parsed).
void refuse_int8_for_training(const std::string& text, const std::string& option);

const char* precision_name(ComputePrecision p);  // "fp32" | "bf16" | "int8"

// Whether this CPU has native bf16 dot products (avx512_bf16 or amx_bf16 in /proc/cpuinfo).
bool cpu_has_native_bf16();

// Whether this CPU has int8 dot products (avx512_vnni or amx_int8 in /proc/cpuinfo).
bool cpu_has_int8_dot_products();

// Whether bf16 products can run here at all: the direct oneDNN products are compiled in and on.
bool bf16_matmul_available();

// What a request for `wanted` on the CPU gets: bf16 only where bf16_matmul_available() and the CPU
// has native bf16; int8 only where the oneDNN int8 products are available and the CPU has VNNI.
// When the request cannot be had, the result is fp32 and `notice` says why in one line.
struct PrecisionChoice {
  ComputePrecision precision = ComputePrecision::fp32;
  std::string notice;
};
PrecisionChoice choose_cpu_precision(ComputePrecision wanted);

// The same decision for a CPU described by its /proc/cpuinfo flags (cpu_features.h), as if the oneDNN
// products were `products_available`: what choose_cpu_precision does for this CPU, testable for others.
struct CpuFeatures;
PrecisionChoice choose_precision_on(ComputePrecision wanted, const CpuFeatures& cpu, bool products_available);

}  // namespace gramt::model

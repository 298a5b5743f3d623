#include "core/model/compute_precision.h"

#include "core/common/error.h"
#include "core/model/cpu_features.h"
#include "core/model/onednn_int8_matmul.h"
#include "core/model/onednn_matmul.h"

namespace gramt::model {

ComputePrecision parse_compute_precision(const std::string& text, const std::string& option) {
  if (text == "32" || text == "fp32") return ComputePrecision::fp32;
  if (text == "bf16" || text == "bf16-mixed") return ComputePrecision::bf16;
  if (text == "int8") return ComputePrecision::int8;
  throw Error(option + ": '" + text + "' is not one of 32, fp32, bf16, bf16-mixed, int8");
}

void refuse_int8_for_training(const std::string& text, const std::string& option) {
  if (text == "int8")
    throw Error(option + ": int8 is for embedding only (embed, embed-tasks, evaluate); training computes in 32 or bf16-mixed");
}

const char* precision_name(ComputePrecision p) {
  switch (p) {
    case ComputePrecision::bf16: return "bf16";
    case ComputePrecision::int8: return "int8";
    case ComputePrecision::fp32: break;
  }
  return "fp32";
}

namespace {

bool has_native_bf16(const CpuFeatures& cpu) { return cpu.has("avx512_bf16") || cpu.has("amx_bf16"); }

bool has_int8_dot_products(const CpuFeatures& cpu) { return cpu.has("avx512_vnni") || cpu.has("amx_int8"); }

}  // namespace

bool cpu_has_native_bf16() { return has_native_bf16(cpu_features()); }

bool cpu_has_int8_dot_products() { return has_int8_dot_products(cpu_features()); }

bool bf16_matmul_available() { return onednn_matmul_available(); }

PrecisionChoice choose_precision_on(ComputePrecision wanted, const CpuFeatures& cpu, bool products_available) {
  PrecisionChoice c;
  if (wanted == ComputePrecision::fp32) return c;
  const char* name = precision_name(wanted);
  if (!products_available)
    c.notice = std::string(name) + " needs the direct oneDNN products (LibTorch 1.x with oneDNN, GRAMT_NO_ONEDNN unset); computing in fp32";
  else if (wanted == ComputePrecision::bf16 && !has_native_bf16(cpu))
    c.notice = "this CPU has no native bf16 (avx512_bf16 or amx_bf16), where bf16 is slower than fp32; computing in fp32";
  else if (wanted == ComputePrecision::int8 && !has_int8_dot_products(cpu))
    c.notice = "this CPU has no int8 dot products (avx512_vnni or amx_int8), where int8 is slower than fp32; computing in fp32";
  else
    c.precision = wanted;
  return c;
}

PrecisionChoice choose_cpu_precision(ComputePrecision wanted) {
  const bool products = wanted == ComputePrecision::int8 ? int8_matmul_available() : bf16_matmul_available();
  return choose_precision_on(wanted, cpu_features(), products);
}

}  // namespace gramt::model

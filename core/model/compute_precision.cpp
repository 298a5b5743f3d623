#include "core/model/compute_precision.h"

#include <fstream>
#include <sstream>

#include "core/common/error.h"
#include "core/model/onednn_matmul.h"

namespace gramt::model {

ComputePrecision parse_compute_precision(const std::string& text, const std::string& option) {
  if (text == "32" || text == "fp32") return ComputePrecision::fp32;
  if (text == "bf16" || text == "bf16-mixed") return ComputePrecision::bf16;
  throw Error(option + ": '" + text + "' is not one of 32, fp32, bf16, bf16-mixed");
}

const char* precision_name(ComputePrecision p) { return p == ComputePrecision::bf16 ? "bf16" : "fp32"; }

bool cpu_has_native_bf16() {
  static const bool native = [] {
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
      if (line.rfind("flags", 0) != 0) continue;
      std::istringstream words(line);
      std::string w;
      while (words >> w)
        if (w == "avx512_bf16" || w == "amx_bf16") return true;
      return false;  // every core lists the same flags
    }
    return false;
  }();
  return native;
}

bool bf16_matmul_available() { return onednn_matmul_available(); }

PrecisionChoice choose_cpu_precision(ComputePrecision wanted) {
  PrecisionChoice c;
  if (wanted == ComputePrecision::fp32) return c;
  if (!bf16_matmul_available())
    c.notice = "bf16 needs the direct oneDNN products (LibTorch 1.x with oneDNN, GRAMT_NO_ONEDNN unset); computing in fp32";
  else if (!cpu_has_native_bf16())
    c.notice = "this CPU has no native bf16 (avx512_bf16 or amx_bf16), where bf16 is slower than fp32; computing in fp32";
  else
    c.precision = ComputePrecision::bf16;
  return c;
}

}  // namespace gramt::model

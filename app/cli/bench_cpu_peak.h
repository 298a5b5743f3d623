#pragma once
// bench's measured ceiling of this CPU, taken once per run: the micro-kernel peaks (cpu_peak.h) and
// oneDNN's large-matmul rates (onednn_matmul_rate.h), printed as one `cpu_peak` JSON line with the
// CPU's name, family/model and the flags that decided what was measured. Every other bench figure
// is then also given as a share of these.
#include <nlohmann/json.hpp>

namespace gramt::cli {

struct BenchPeak {
  double fp32_gflops = 0;  // fp32 FMA micro-kernel
  double bf16_gflops = 0;  // bf16 dot-product micro-kernel; 0 where the CPU has none
  double int8_gops = 0;    // int8 VNNI micro-kernel; 0 where the CPU has none
};

// Measures, prints the cpu_peak line, and returns the micro-kernel peaks.
BenchPeak measure_and_print_cpu_peak(int threads);

// rate / peak as a JSON number, or null where that peak was not measured.
nlohmann::json share_of(double rate, double peak);

}  // namespace gramt::cli

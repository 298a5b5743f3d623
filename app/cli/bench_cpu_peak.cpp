#include "app/cli/bench_cpu_peak.h"

#include <iostream>
#include <string>
#include <vector>

#include "core/model/compute_precision.h"
#include "core/model/cpu_features.h"
#include "core/model/cpu_peak.h"
#include "core/model/onednn_matmul_rate.h"

namespace gramt::cli {
namespace {

nlohmann::json rate_or_reason(const model::PeakRate& r) {
  return r.available ? nlohmann::json(r.per_second) : nlohmann::json(r.kernel);
}

nlohmann::json rate_or_reason(const model::MatmulRate& r) {
  return r.available ? nlohmann::json(r.per_second) : nlohmann::json(r.implementation);
}

}  // namespace

nlohmann::json share_of(double rate, double peak) { return peak > 0 ? nlohmann::json(rate / peak) : nlohmann::json(); }

BenchPeak measure_and_print_cpu_peak(int threads) {
  const model::CpuFeatures& cpu = model::cpu_features();
  const model::CpuPeak peak = model::measure_cpu_peak(threads);
  BenchPeak p;
  if (peak.fp32_fma.available) p.fp32_gflops = peak.fp32_fma.per_second;
  if (peak.bf16_dot.available) p.bf16_gflops = peak.bf16_dot.per_second;
  if (peak.int8_dot.available) p.int8_gops = peak.int8_dot.per_second;
  // oneDNN's bf16 products only where the CPU multiplies bf16 natively (elsewhere they are emulated,
  // the reason bf16 falls back to fp32 there); int8 likewise only with VNNI.
  const model::MatmulRate fp32 = model::onednn_matmul_rate(model::MatmulKind::fp32);
  const model::MatmulRate bf16 = model::cpu_has_native_bf16() ? model::onednn_matmul_rate(model::MatmulKind::bf16)
                                                              : model::MatmulRate{false, 0, "not available: no native bf16"};
  const model::MatmulRate int8 = model::cpu_has_int8_dot_products()
                                     ? model::onednn_matmul_rate(model::MatmulKind::int8)
                                     : model::MatmulRate{false, 0, "not available: no int8 dot products"};
  std::vector<std::string> used, missing;
  for (const char* flag : {"avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx512_bf16", "amx_int8", "amx_bf16"})
    (cpu.has(flag) ? used : missing).push_back(flag);
  std::cout << nlohmann::json{{"bench", "cpu_peak"},
                              {"cpu", cpu.model_name},
                              {"family", cpu.family},
                              {"cpu_model", cpu.model},
                              {"stepping", cpu.stepping},
                              {"flags_present", used},
                              {"flags_absent", missing},
                              {"threads", peak.threads},
                              {"fp32_fma_gflops", rate_or_reason(peak.fp32_fma)},
                              {"fp32_fma_kernel", peak.fp32_fma.kernel},
                              {"bf16_dot_gflops", rate_or_reason(peak.bf16_dot)},
                              {"int8_dot_gops", rate_or_reason(peak.int8_dot)},
                              {"int8_dot_kernel", peak.int8_dot.kernel},
                              {"onednn_fp32_matmul_gflops", rate_or_reason(fp32)},
                              {"onednn_fp32_matmul_share_of_peak", share_of(fp32.per_second, p.fp32_gflops)},
                              {"onednn_bf16_matmul_gflops", rate_or_reason(bf16)},
                              {"onednn_bf16_matmul_share_of_peak", share_of(bf16.per_second, p.bf16_gflops)},
                              {"onednn_int8_matmul_gops", rate_or_reason(int8)},
                              {"onednn_int8_matmul_share_of_peak", share_of(int8.per_second, p.int8_gops)},
                              {"matmul_shape", "2048x2048 @ 2048x2048, int8: u8 x s8 -> s32"},
                              {"onednn_kernels", {fp32.implementation, bf16.implementation, int8.implementation}}}
                   .dump()
            << std::endl;
  return p;
}

}  // namespace gramt::cli

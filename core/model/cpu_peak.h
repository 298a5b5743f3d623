#pragma once
// The CPU's own arithmetic peak, measured: short register-only micro-kernels on every compute thread
// (fp32 FMA, bf16 dot products, int8 dot products), so that speed figures can be given as a share of
// what this machine can do rather than as bare GFLOP/s. Hand-written with intrinsics because a
// compiler-vectorised loop would be bound by loads and by one accumulator's latency, not by the
// multiply units; here each thread keeps 16 independent vector accumulators in registers.
#include <string>

namespace gramt::model {

struct PeakRate {
  bool available = false;
  double per_second = 0;  // GFLOP/s (fp32, bf16) or GOP/s (int8): a multiply-add counts as two
  std::string kernel;     // the instruction measured, or why it was not
};

struct CpuPeak {
  int threads = 0;
  PeakRate fp32_fma;   // vfmadd231ps (AVX-512, else AVX2)
  PeakRate bf16_dot;   // vdpbf16ps (AVX512-BF16)
  PeakRate int8_dot;   // vpdpbusd (AVX512-VNNI), u8·s8 into s32
};

// Runs each kernel on `threads` threads at once (at::get_num_threads() when 0), many short tries; the
// rate is the sum over threads of each thread's best try.
CpuPeak measure_cpu_peak(int threads = 0);

}  // namespace gramt::model

#pragma once
// oneDNN's own rate on one large square matrix product (plain row-major operands, as the model hands
// them over): the practical ceiling of the library's kernels on this CPU, next to the micro-kernel
// peak (cpu_peak.h). Products: fp32, bf16·bf16 → fp32, and int8 u8·s8 → s32.
#include <string>

namespace gramt::model {

enum class MatmulKind { fp32, bf16, int8 };

struct MatmulRate {
  bool available = false;
  double per_second = 0;  // GFLOP/s (fp32, bf16) or GOP/s (int8)
  std::string implementation;  // oneDNN's name for the kernel it chose, or why there is none
};

// Best of a few runs of an n×n by n×n product on the current compute threads.
MatmulRate onednn_matmul_rate(MatmulKind kind, int n = 2048);

}  // namespace gramt::model

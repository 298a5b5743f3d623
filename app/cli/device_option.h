#pragma once
// The --device option of every command that runs a model: cpu, cuda or cuda:N. One parser, so
// each command says the same thing when CUDA is missing (a CPU-only LibTorch, no driver).
#include <string>

#include <torch/torch.h>

#include "core/common/error.h"

namespace gramt::cli {

inline torch::Device parse_device_option(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name == "cuda" || name.rfind("cuda:", 0) == 0) {
    if (!torch::cuda::is_available()) throw Error("--device " + name + ": this LibTorch sees no CUDA device");
    try {
      return torch::Device(name);
    } catch (const std::exception&) {
      throw Error("--device " + name + ": expected cuda:N with N a device number");
    }
  }
  throw Error("--device must be cpu, cuda or cuda:N, not '" + name + "'");
}

}  // namespace gramt::cli

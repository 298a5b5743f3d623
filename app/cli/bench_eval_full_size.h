#pragma once
// `gramt-cli bench eval --full-size` (bench_eval_full_size.cpp).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace gramt::cli {

struct FullSizeBenchOptions {
  std::string cache_dir;                 // empty: default_full_size_cache()
  int64_t scene_clips = 20000;           // the large scene task; a tenth of it is the small one
  int64_t event_clips = 200;
  double event_seconds = 120.0;
  std::vector<std::string> models{"demo", "base"};   // random weights of configs/model/demo.yaml's and the base size
  std::vector<std::string> precisions{"32", "bf16"};  // of the base model (and the demo's besides 32)
  bool base_full = false;                // the base model on the large task too (hours on two cores)
  int64_t grid_points = 2;               // predictor grid points on the large task (0: no predictor run)
  int threads = 0;
};

// $XDG_CACHE_HOME (or ~/.cache)/gramt-workbench/bench-eval-full-size
std::filesystem::path default_full_size_cache();

void run_full_size_bench(const FullSizeBenchOptions& options);

}  // namespace gramt::cli

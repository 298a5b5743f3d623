#pragma once
// LibTorch 1.13 starts with one intra-op thread on some builds; GRAM-T's matmuls want every core.
namespace gramt::model {

// Sets LibTorch's intra-op threads to `threads` (0 = all hardware threads); returns the count used.
int use_compute_threads(int threads = 0);

}  // namespace gramt::model

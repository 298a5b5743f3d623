#pragma once
// TensorBoard's curve smoothing, exactly, so users can check our curves against theirs: a causal
// exponential moving average over *samples* with the start-up bias divided out,
//   last = w*last + (1-w)*y_k,  out_k = last / (1 - w^k)
// (k counts finite samples). Non-finite samples pass through unchanged and do not advance k; a
// series whose values are all equal is returned as it is; w is clamped to [0, 1] (at w = 1 the
// average never leaves its start, 0, as in TensorBoard). Unlike TensorBoard we smooth every point of
// the run, never a sample of it, so a curve does not change shape as the run grows.
#include <vector>

namespace gramt {

std::vector<double> debiased_ema(const std::vector<double>& values, double weight);

}  // namespace gramt

#pragma once
// Causal linear convolution truncated to a given length, as the reference mixes scenes: every output
// channel is the full convolution of the signal with that channel's response, cut to the first
// `length` samples (no delay compensation). Long inputs go through the FFT, short ones are direct.
#include <cstddef>
#include <vector>

namespace gramt::scene {

// signal * response, first `length` samples (zeros past the end of the full convolution).
std::vector<float> convolve_truncated(const std::vector<float>& signal, const std::vector<float>& response,
                                      size_t length);

// The same signal convolved with each response (the signal is transformed once).
std::vector<std::vector<float>> convolve_truncated_each(const std::vector<float>& signal,
                                                        const std::vector<std::vector<float>>& responses,
                                                        size_t length);

}  // namespace gramt::scene

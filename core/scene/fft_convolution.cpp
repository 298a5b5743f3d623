#include "core/scene/fft_convolution.h"

#include <algorithm>
#include <cmath>
#include <complex>

#include "core/scene/real_fft.h"

namespace gramt::scene {
namespace {

// Below this many multiply-adds per output sample the direct sum beats two transforms.
constexpr size_t kDirectTapLimit = 64;

std::vector<float> convolve_direct(const std::vector<float>& signal, size_t signal_used, const std::vector<float>& response,
                                   size_t response_used, size_t length) {
  std::vector<double> acc(length, 0.0);
  for (size_t j = 0; j < response_used; ++j) {
    const double h = response[j];
    if (h == 0.0) continue;
    const size_t end = std::min(length, signal_used + j);
    for (size_t n = j; n < end; ++n) acc[n] += h * signal[n - j];
  }
  return std::vector<float>(acc.begin(), acc.end());
}

}  // namespace

std::vector<std::vector<float>> convolve_truncated_each(const std::vector<float>& signal,
                                                        const std::vector<std::vector<float>>& responses,
                                                        size_t length) {
  std::vector<std::vector<float>> out;
  out.reserve(responses.size());
  // Only the first `length` samples of either input can reach the first `length` outputs.
  const size_t signal_used = std::min(signal.size(), length);
  size_t longest_response = 0;
  for (const auto& r : responses) longest_response = std::max(longest_response, std::min(r.size(), length));
  if (signal_used == 0 || longest_response == 0) {
    out.assign(responses.size(), std::vector<float>(length, 0.0f));
    return out;
  }
  if (std::min(signal_used, longest_response) <= kDirectTapLimit) {
    for (const auto& r : responses) {
      const size_t used = std::min(r.size(), length);
      out.push_back(signal_used <= used ? convolve_direct(r, used, signal, signal_used, length)
                                        : convolve_direct(signal, signal_used, r, used, length));
    }
    return out;
  }
  // Overlap-save: the signal is cut into blocks that overlap by the response length, each block is
  // convolved circularly and only the alias-free part is kept. Blocks a few times longer than the
  // response stay in cache and beat one transform of the whole signal; the cost model picks the size.
  const size_t taps = longest_response;
  const size_t whole = next_power_of_two(signal_used + taps - 1);
  size_t size = next_power_of_two(taps + 1);
  double best_cost = -1.0;
  size_t best_size = whole;
  for (size_t n = size; n <= whole; n <<= 1) {
    const size_t hop = n - taps + 1;
    const double blocks = std::ceil(static_cast<double>(length) / static_cast<double>(hop));
    const double cost = (blocks * (1.0 + static_cast<double>(responses.size())) + static_cast<double>(responses.size())) *
                        static_cast<double>(n) * std::log2(static_cast<double>(n));
    if (best_cost < 0.0 || cost < best_cost) {
      best_cost = cost;
      best_size = n;
    }
  }
  size = best_size;
  const RealFft& fft = real_fft_of_size(size);
  const size_t hop = size - taps + 1;
  std::vector<std::vector<std::complex<double>>> response_spectra(responses.size());
  for (size_t r = 0; r < responses.size(); ++r)
    fft.forward(responses[r].data(), std::min(responses[r].size(), taps), response_spectra[r]);
  for (size_t r = 0; r < responses.size(); ++r) out.emplace_back(length, 0.0f);

  std::vector<float> segment(size);
  std::vector<std::complex<double>> segment_spectrum, product;
  std::vector<double> block;
  for (size_t begin = 0; begin < length; begin += hop) {
    // Samples [begin − (taps − 1), begin + hop) of the signal; zeros outside it.
    const long first = static_cast<long>(begin) - static_cast<long>(taps - 1);
    bool silent = true;
    for (size_t i = 0; i < size; ++i) {
      const long n = first + static_cast<long>(i);
      segment[i] = n >= 0 && n < static_cast<long>(signal_used) ? signal[static_cast<size_t>(n)] : 0.0f;
      silent = silent && segment[i] == 0.0f;
    }
    if (silent) continue;
    fft.forward(segment.data(), size, segment_spectrum);
    const size_t count = std::min(hop, length - begin);
    for (size_t r = 0; r < responses.size(); ++r) {
      product.resize(segment_spectrum.size());
      for (size_t k = 0; k < product.size(); ++k) product[k] = multiply(segment_spectrum[k], response_spectra[r][k]);
      fft.inverse(product, block);
      for (size_t i = 0; i < count; ++i) out[r][begin + i] = static_cast<float>(block[taps - 1 + i]);
    }
  }
  return out;
}

std::vector<float> convolve_truncated(const std::vector<float>& signal, const std::vector<float>& response,
                                      size_t length) {
  return convolve_truncated_each(signal, {response}, length).front();
}

}  // namespace gramt::scene

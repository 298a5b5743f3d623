#pragma once
// A real-input FFT of power-of-two size, the engine behind the scene convolutions.
// Written by hand on purpose: the scene library must not pull in LibTorch, libsoxr keeps its FFT
// private, and no other FFT library is a dependency of the core. A radix-2 transform in double
// precision is short, exact enough for SNR checks to 1e-3 dB, and fast enough for room responses.
#include <complex>
#include <cstddef>
#include <vector>

namespace gramt::scene {

// a·b without the NaN-recovery path that std::complex's operator* takes under strict IEEE rules.
inline std::complex<double> multiply(const std::complex<double>& a, const std::complex<double>& b) {
  return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}

// Smallest power of two >= n (1 for n = 0).
size_t next_power_of_two(size_t n);

class RealFft {
 public:
  // `size`: a power of two, at least 2. Throws gramt::Error otherwise.
  explicit RealFft(size_t size);

  size_t size() const { return size_; }
  size_t bins() const { return size_ / 2 + 1; }

  // The first `count` samples of `input` (count <= size; the rest is taken as zeros) → bins() bins.
  void forward(const float* input, size_t count, std::vector<std::complex<double>>& spectrum) const;
  // bins() bins → size() samples, scaled so that inverse(forward(x)) == x.
  void inverse(const std::vector<std::complex<double>>& spectrum, std::vector<double>& output) const;

 private:
  void transform(std::complex<double>* data, bool inverse) const;  // complex FFT of size_/2, in place

  size_t size_;
  size_t half_;
  std::vector<size_t> bit_reversed_;
  std::vector<std::complex<double>> twiddles_;    // per butterfly span m: exp(-πij/m), j < m, from index m − 1
  std::vector<std::complex<double>> split_;       // exp(-2πik/size), k <= half
};

// A shared, immutable transform of the given size (built once per size; safe from any thread).
const RealFft& real_fft_of_size(size_t size);

}  // namespace gramt::scene

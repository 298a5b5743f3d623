#pragma once
// A real-input FFT of power-of-two size, the engine behind the scene convolutions, on FFTW
// (double precision, so SNR checks hold to 1e-3 dB). The scene library must not pull in LibTorch,
// which rules out torch::fft here. Plans are made once per size; executing one is thread-safe, so the
// loader's worker threads share them.
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
  ~RealFft();
  RealFft(const RealFft&) = delete;
  RealFft& operator=(const RealFft&) = delete;

  size_t size() const { return size_; }
  size_t bins() const { return size_ / 2 + 1; }

  // The first `count` samples of `input` (count <= size; the rest is taken as zeros) → bins() bins.
  void forward(const float* input, size_t count, std::vector<std::complex<double>>& spectrum) const;
  // bins() bins → size() samples, scaled so that inverse(forward(x)) == x.
  void inverse(const std::vector<std::complex<double>>& spectrum, std::vector<double>& output) const;

 private:
  size_t size_;
  void* forward_plan_ = nullptr;  // fftw_plan (opaque here so FFTW's header stays out of the API)
  void* inverse_plan_ = nullptr;
};

// A shared, immutable transform of the given size (built once per size; safe from any thread).
const RealFft& real_fft_of_size(size_t size);

}  // namespace gramt::scene

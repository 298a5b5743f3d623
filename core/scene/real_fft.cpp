#include "core/scene/real_fft.h"

#include <cmath>
#include <map>
#include <memory>
#include <mutex>

#include "core/common/error.h"

namespace gramt::scene {

size_t next_power_of_two(size_t n) {
  size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

RealFft::RealFft(size_t size) : size_(size), half_(size / 2) {
  if (size < 2 || (size & (size - 1)) != 0)
    throw Error("RealFft: size must be a power of two >= 2, got " + std::to_string(size));
  bit_reversed_.resize(half_);
  size_t bits = 0;
  while ((size_t{1} << bits) < half_) ++bits;
  for (size_t i = 0; i < half_; ++i) {
    size_t r = 0;
    for (size_t b = 0; b < bits; ++b)
      if (i & (size_t{1} << b)) r |= size_t{1} << (bits - 1 - b);
    bit_reversed_[i] = r;
  }
  const double pi = std::acos(-1.0);
  // Per stage (butterfly span `mid`), its twiddles exp(-πij/mid) side by side from index mid − 1.
  twiddles_.resize(half_ > 1 ? half_ - 1 : 0);
  for (size_t mid = 1; mid < half_; mid <<= 1)
    for (size_t j = 0; j < mid; ++j)
      twiddles_[mid - 1 + j] = std::polar(1.0, -pi * static_cast<double>(j) / static_cast<double>(mid));
  split_.resize(half_ + 1);
  for (size_t k = 0; k <= half_; ++k)
    split_[k] = std::polar(1.0, -2.0 * pi * static_cast<double>(k) / static_cast<double>(size_));
}

void RealFft::transform(std::complex<double>* a, bool inverse) const {
  for (size_t i = 0; i < half_; ++i)
    if (i < bit_reversed_[i]) std::swap(a[i], a[bit_reversed_[i]]);
  // Plain real arithmetic: std::complex's operator* takes a slow NaN-checking path without -ffast-math.
  double* d = reinterpret_cast<double*>(a);
  const double sign = inverse ? -1.0 : 1.0;
  for (size_t mid = 1; mid < half_; mid <<= 1) {
    const std::complex<double>* w = twiddles_.data() + (mid - 1);
    for (size_t start = 0; start < half_; start += 2 * mid) {
      double* lo = d + 2 * start;
      double* hi = lo + 2 * mid;
      for (size_t j = 0; j < mid; ++j) {
        const double wr = w[j].real(), wi = sign * w[j].imag();
        const double hr = hi[2 * j], hm = hi[2 * j + 1];
        const double vr = hr * wr - hm * wi, vi = hr * wi + hm * wr;
        const double lr = lo[2 * j], lm = lo[2 * j + 1];
        hi[2 * j] = lr - vr;
        hi[2 * j + 1] = lm - vi;
        lo[2 * j] = lr + vr;
        lo[2 * j + 1] = lm + vi;
      }
    }
  }
}

void RealFft::forward(const float* input, size_t count, std::vector<std::complex<double>>& spectrum) const {
  if (count > size_) count = size_;
  // Pack even samples into the real part and odd samples into the imaginary part, transform at half
  // size, then separate the two interleaved spectra.
  std::vector<std::complex<double>> z(half_);
  for (size_t i = 0; i < half_; ++i) {
    const double re = 2 * i < count ? input[2 * i] : 0.0;
    const double im = 2 * i + 1 < count ? input[2 * i + 1] : 0.0;
    z[i] = {re, im};
  }
  transform(z.data(), false);
  spectrum.resize(half_ + 1);
  for (size_t k = 0; k <= half_; ++k) {
    const std::complex<double> zk = z[k % half_];
    const std::complex<double> zc = std::conj(z[(half_ - k) % half_]);
    const std::complex<double> even = 0.5 * (zk + zc);
    const std::complex<double> diff = zk - zc;
    const std::complex<double> odd(0.5 * diff.imag(), -0.5 * diff.real());  // (zk − zc)/(2i)
    spectrum[k] = even + multiply(split_[k], odd);
  }
}

void RealFft::inverse(const std::vector<std::complex<double>>& spectrum, std::vector<double>& output) const {
  if (spectrum.size() != half_ + 1) throw Error("RealFft::inverse: spectrum has the wrong number of bins");
  std::vector<std::complex<double>> z(half_);
  for (size_t k = 0; k < half_; ++k) {
    const std::complex<double> xc = std::conj(spectrum[half_ - k]);
    const std::complex<double> even = 0.5 * (spectrum[k] + xc);
    const std::complex<double> odd = multiply(0.5 * (spectrum[k] - xc), std::conj(split_[k]));
    z[k] = {even.real() - odd.imag(), even.imag() + odd.real()};  // even + i·odd
  }
  transform(z.data(), true);
  output.resize(size_);
  const double scale = 1.0 / static_cast<double>(half_);
  for (size_t i = 0; i < half_; ++i) {
    output[2 * i] = z[i].real() * scale;
    output[2 * i + 1] = z[i].imag() * scale;
  }
}

const RealFft& real_fft_of_size(size_t size) {
  static std::mutex mutex;
  static std::map<size_t, std::unique_ptr<RealFft>> plans;
  std::lock_guard<std::mutex> lock(mutex);
  auto& plan = plans[size];
  if (!plan) plan = std::make_unique<RealFft>(size);
  return *plan;
}

}  // namespace gramt::scene

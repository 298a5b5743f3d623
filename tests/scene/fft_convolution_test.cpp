#include "core/scene/fft_convolution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/common/error.h"
#include "core/scene/real_fft.h"

namespace gramt::scene {
namespace {

std::vector<float> random_signal(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> d(0.0f, 1.0f);
  std::vector<float> x(n);
  for (auto& v : x) v = d(rng);
  return x;
}

std::vector<double> direct_convolution(const std::vector<float>& a, const std::vector<float>& b, size_t length) {
  std::vector<double> y(length, 0.0);
  for (size_t i = 0; i < a.size(); ++i)
    for (size_t j = 0; j < b.size() && i + j < length; ++j) y[i + j] += double(a[i]) * b[j];
  return y;
}

TEST(RealFft, InverseOfForwardIsIdentity) {
  for (size_t size : {2u, 4u, 64u, 1024u}) {
    const RealFft fft(size);
    const auto x = random_signal(size, static_cast<uint32_t>(size));
    std::vector<std::complex<double>> spectrum;
    std::vector<double> back;
    fft.forward(x.data(), x.size(), spectrum);
    fft.inverse(spectrum, back);
    ASSERT_EQ(back.size(), size);
    for (size_t i = 0; i < size; ++i) EXPECT_NEAR(back[i], x[i], 1e-9) << "size " << size << " sample " << i;
  }
}

TEST(RealFft, MatchesTheDefinitionOfTheDft) {
  const size_t n = 16;
  const auto x = random_signal(n, 3);
  std::vector<std::complex<double>> spectrum;
  RealFft(n).forward(x.data(), n, spectrum);
  const double pi = std::acos(-1.0);
  for (size_t k = 0; k <= n / 2; ++k) {
    std::complex<double> want = 0.0;
    for (size_t t = 0; t < n; ++t) want += double(x[t]) * std::polar(1.0, -2.0 * pi * double(k * t) / n);
    EXPECT_NEAR(std::abs(spectrum[k] - want), 0.0, 1e-9) << "bin " << k;
  }
}

TEST(RealFft, RejectsSizesThatAreNotPowersOfTwo) {
  EXPECT_THROW(RealFft(12), Error);
  EXPECT_THROW(RealFft(1), Error);
}

TEST(FftConvolution, EqualsTheDirectSumTruncatedToTheRequestedLength) {
  const auto signal = random_signal(3000, 1);
  const auto response = random_signal(700, 2);
  for (size_t length : {size_t{3000}, size_t{500}, size_t{4000}}) {
    const auto fast = convolve_truncated(signal, response, length);
    const auto slow = direct_convolution(signal, response, length);
    ASSERT_EQ(fast.size(), length);
    for (size_t n = 0; n < length; ++n) ASSERT_NEAR(fast[n], slow[n], 1e-3) << "length " << length << " sample " << n;
  }
}

TEST(FftConvolution, LongSignalsThroughShortResponsesGoBlockByBlockWithTheSameResult) {
  // 40 000 samples through 300 taps: the cost model picks blocks far shorter than the signal.
  const auto signal = random_signal(40000, 8);
  const std::vector<std::vector<float>> responses = {random_signal(300, 9), random_signal(120, 10)};
  for (size_t length : {size_t{40000}, size_t{12345}}) {
    const auto out = convolve_truncated_each(signal, responses, length);
    for (size_t r = 0; r < responses.size(); ++r) {
      const auto want = direct_convolution(signal, responses[r], length);
      for (size_t n = 0; n < length; ++n) ASSERT_NEAR(out[r][n], want[n], 1e-3) << "response " << r << " sample " << n;
    }
  }
  // Silent stretches are skipped, not left stale: a signal that is zero in the middle.
  auto gapped = signal;
  std::fill(gapped.begin() + 10000, gapped.begin() + 30000, 0.0f);
  const auto out = convolve_truncated(gapped, responses[0], gapped.size());
  const auto want = direct_convolution(gapped, responses[0], gapped.size());
  for (size_t n = 0; n < gapped.size(); ++n) ASSERT_NEAR(out[n], want[n], 1e-3) << n;
}

TEST(FftConvolution, ShortResponsesTakeTheDirectPathWithTheSameResult) {
  const auto signal = random_signal(500, 4);
  const std::vector<float> response = {0.5f, -0.25f, 0.125f};
  const auto y = convolve_truncated(signal, response, signal.size());
  const auto want = direct_convolution(signal, response, signal.size());
  for (size_t n = 0; n < y.size(); ++n) ASSERT_NEAR(y[n], want[n], 1e-5);
}

TEST(FftConvolution, EachResponseGetsItsOwnOutput) {
  const auto signal = random_signal(2000, 5);
  const std::vector<std::vector<float>> responses = {random_signal(300, 6), random_signal(100, 7)};
  const auto out = convolve_truncated_each(signal, responses, signal.size());
  ASSERT_EQ(out.size(), 2u);
  for (size_t r = 0; r < 2; ++r) {
    const auto want = direct_convolution(signal, responses[r], signal.size());
    for (size_t n = 0; n < signal.size(); ++n) ASSERT_NEAR(out[r][n], want[n], 1e-3);
  }
}

}  // namespace
}  // namespace gramt::scene

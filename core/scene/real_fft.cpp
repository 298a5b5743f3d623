#include "core/scene/real_fft.h"

#include <fftw3.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

#include "core/common/error.h"

namespace gramt::scene {
namespace {

// FFTW's planner is not thread-safe (execution is); every plan is made under this lock.
std::mutex& planner_mutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

size_t next_power_of_two(size_t n) {
  size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

RealFft::RealFft(size_t size) : size_(size) {
  if (size < 2 || (size & (size - 1)) != 0)
    throw Error("RealFft: size must be a power of two >= 2, got " + std::to_string(size));
  // Plans are made on scratch arrays; FFTW_UNALIGNED lets them run on any caller's vectors later.
  std::vector<double> real(size);
  std::vector<std::complex<double>> complex(bins());
  auto* c = reinterpret_cast<fftw_complex*>(complex.data());
  std::lock_guard<std::mutex> lock(planner_mutex());
  const int n = static_cast<int>(size);
  forward_plan_ = fftw_plan_dft_r2c_1d(n, real.data(), c, FFTW_ESTIMATE | FFTW_UNALIGNED);
  inverse_plan_ = fftw_plan_dft_c2r_1d(n, c, real.data(), FFTW_ESTIMATE | FFTW_UNALIGNED | FFTW_DESTROY_INPUT);
  if (forward_plan_ == nullptr || inverse_plan_ == nullptr) throw Error("RealFft: FFTW could not plan size " + std::to_string(size));
}

RealFft::~RealFft() {
  std::lock_guard<std::mutex> lock(planner_mutex());
  fftw_destroy_plan(static_cast<fftw_plan>(forward_plan_));
  fftw_destroy_plan(static_cast<fftw_plan>(inverse_plan_));
}

void RealFft::forward(const float* input, size_t count, std::vector<std::complex<double>>& spectrum) const {
  if (count > size_) throw Error("RealFft::forward: " + std::to_string(count) + " samples exceed size " + std::to_string(size_));
  thread_local std::vector<double> real;
  real.assign(size_, 0.0);
  std::copy(input, input + count, real.begin());
  spectrum.resize(bins());
  fftw_execute_dft_r2c(static_cast<fftw_plan>(forward_plan_), real.data(), reinterpret_cast<fftw_complex*>(spectrum.data()));
}

void RealFft::inverse(const std::vector<std::complex<double>>& spectrum, std::vector<double>& output) const {
  if (spectrum.size() != bins())
    throw Error("RealFft::inverse: expected " + std::to_string(bins()) + " bins, got " + std::to_string(spectrum.size()));
  thread_local std::vector<std::complex<double>> scratch;  // the c2r transform overwrites its input
  scratch = spectrum;
  output.resize(size_);
  fftw_execute_dft_c2r(static_cast<fftw_plan>(inverse_plan_), reinterpret_cast<fftw_complex*>(scratch.data()), output.data());
  const double scale = 1.0 / static_cast<double>(size_);
  for (double& v : output) v *= scale;  // FFTW's inverse is unnormalised
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

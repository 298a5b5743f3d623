#include "core/audio/resample.h"

#include <soxr.h>

#include <cmath>

#include "core/common/error.h"

namespace gramt::audio {

std::vector<float> resample_channel(const std::vector<float>& in, int from_rate, int to_rate) {
  if (from_rate <= 0 || to_rate <= 0) throw Error("resample: sample rates must be positive");
  if (from_rate == to_rate) return in;
  const size_t out_len = static_cast<size_t>(std::llround(static_cast<double>(in.size()) * to_rate / from_rate));
  std::vector<float> out(out_len);
  const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
  const soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
  size_t done = 0;
  const soxr_error_t err = soxr_oneshot(from_rate, to_rate, 1, in.data(), in.size(), nullptr, out.data(), out.size(), &done, &io, &q, nullptr);
  if (err) throw Error(std::string("resample: libsoxr failed: ") + err);
  out.resize(done);
  out.resize(out_len, 0.0f);
  return out;
}

AudioBuffer resample(const AudioBuffer& in, int target_rate) {
  if (in.sample_rate == target_rate) return in;
  AudioBuffer out;
  out.sample_rate = target_rate;
  for (const auto& ch : in.channels) out.channels.push_back(resample_channel(ch, in.sample_rate, target_rate));
  return out;
}

}  // namespace gramt::audio

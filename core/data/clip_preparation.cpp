#include "core/data/clip_preparation.h"

#include <cmath>

#include "core/audio/resample.h"
#include "core/common/error.h"

namespace gramt::data {

int64_t clip_samples(const ClipSpec& spec) {
  if (spec.sample_rate <= 0 || !(spec.seconds > 0))
    throw Error("clip spec: sample_rate and seconds must be positive");
  return static_cast<int64_t>(std::llround(spec.seconds * spec.sample_rate));
}

std::vector<float> first_channel_at_rate(const audio::AudioBuffer& audio, int sample_rate) {
  if (audio.channels.empty() || audio.sample_rate <= 0) throw Error("audio has no channels or no sample rate");
  if (audio.sample_rate == sample_rate) return audio.channels[0];
  return audio::resample_channel(audio.channels[0], audio.sample_rate, sample_rate);
}

double rms(const std::vector<float>& samples) {
  if (samples.empty()) return 0.0;
  double energy = 0.0;
  for (float v : samples) energy += static_cast<double>(v) * v;
  return std::sqrt(energy / static_cast<double>(samples.size()));
}

bool normalise_rms(std::vector<float>& samples, double target_dbfs) {
  const double level = rms(samples);
  if (level <= 0.0) return false;
  const double gain = std::pow(10.0, (target_dbfs - 20.0 * std::log10(level)) / 20.0);
  for (float& v : samples) v = static_cast<float>(v * gain);
  return true;
}

void pad_or_truncate(std::vector<float>& samples, int64_t length) { samples.resize(static_cast<size_t>(length), 0.0f); }

std::vector<float> prepare_clip(const audio::AudioBuffer& audio, const ClipSpec& spec) {
  auto samples = prepare_noise(audio, spec);
  pad_or_truncate(samples, clip_samples(spec));
  return samples;
}

std::vector<float> prepare_noise(const audio::AudioBuffer& audio, const ClipSpec& spec) {
  auto samples = first_channel_at_rate(audio, spec.sample_rate);
  normalise_rms(samples, spec.target_dbfs);
  return samples;
}

}  // namespace gramt::data

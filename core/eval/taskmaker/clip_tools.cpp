#include "core/eval/taskmaker/clip_tools.h"

#include <algorithm>
#include <cmath>

namespace gramt::eval::taskmaker {

Signal mono_mixdown(const audio::AudioBuffer& audio) {
  Signal out(static_cast<size_t>(audio.frames()), 0.0f);
  if (audio.channels.empty()) return out;
  const float scale = 1.0f / static_cast<float>(audio.channel_count());
  for (const auto& ch : audio.channels)
    for (size_t i = 0; i < out.size(); ++i) out[i] += scale * ch[i];
  return out;
}

audio::AudioBuffer mono_buffer(Signal signal, int sample_rate) {
  audio::AudioBuffer a;
  a.sample_rate = sample_rate;
  a.channels.push_back(std::move(signal));
  return a;
}

Signal trim_quiet_ends(const Signal& signal, int sample_rate, double below_peak_db) {
  const size_t frame = std::max<size_t>(1, static_cast<size_t>(sample_rate / 100));
  const size_t frames = (signal.size() + frame - 1) / frame;
  std::vector<double> level(frames, 0.0);
  double loudest = 0.0;
  for (size_t f = 0; f < frames; ++f) {
    const size_t begin = f * frame, end = std::min(signal.size(), begin + frame);
    double e = 0.0;
    for (size_t i = begin; i < end; ++i) e += static_cast<double>(signal[i]) * signal[i];
    level[f] = e / static_cast<double>(end - begin);
    loudest = std::max(loudest, level[f]);
  }
  if (loudest <= 0.0) return {};
  const double threshold = loudest * std::pow(10.0, -below_peak_db / 10.0);
  size_t first = 0, last = frames;
  while (first < frames && level[first] < threshold) ++first;
  while (last > first && level[last - 1] < threshold) --last;
  const size_t begin = first * frame, end = std::min(signal.size(), last * frame);
  return Signal(signal.begin() + static_cast<long>(begin), signal.begin() + static_cast<long>(end));
}

Signal place_in_clip(const Signal& sound, size_t length, size_t offset) {
  Signal out(length, 0.0f);
  add_into(out, sound, offset);
  return out;
}

void add_into(Signal& mix, const Signal& sound, size_t offset, double gain) {
  const auto g = static_cast<float>(gain);
  for (size_t i = 0; i < sound.size() && offset + i < mix.size(); ++i) mix[offset + i] += g * sound[i];
}

double rms(const Signal& signal) {
  if (signal.empty()) return 0.0;
  double e = 0.0;
  for (float x : signal) e += static_cast<double>(x) * x;
  return std::sqrt(e / static_cast<double>(signal.size()));
}

double peak(const Signal& signal) {
  double p = 0.0;
  for (float x : signal) p = std::max(p, static_cast<double>(std::fabs(x)));
  return p;
}

void scale_to_peak(Signal& signal, double target) {
  const double p = peak(signal);
  if (p <= 0.0) return;
  const auto g = static_cast<float>(target / p);
  for (float& x : signal) x *= g;
}

audio::AudioBuffer seeded_white_noise(int sample_rate, double seconds, uint32_t state, float amplitude) {
  audio::AudioBuffer noise;
  noise.sample_rate = sample_rate;
  noise.channels.assign(1, Signal(static_cast<size_t>(seconds * sample_rate)));
  for (float& x : noise.channels[0]) {
    state = state * 1664525u + 1013904223u;  // a linear congruential step: enough for test noise
    x = amplitude * (static_cast<float>(state >> 8) / 16777216.0f - 0.5f);
  }
  return noise;
}

void limit_peak(audio::AudioBuffer& audio, double limit) {
  double p = 0.0;
  for (const auto& ch : audio.channels) p = std::max(p, peak(ch));
  if (p <= limit) return;
  const auto g = static_cast<float>(limit / p);
  for (auto& ch : audio.channels)
    for (float& x : ch) x *= g;
}

void apply_fades(Signal& signal, size_t fade_in, size_t fade_out) {
  fade_in = std::min(fade_in, signal.size() / 2);
  fade_out = std::min(fade_out, signal.size() / 2);
  for (size_t i = 0; i < fade_in; ++i) signal[i] *= static_cast<float>(i) / static_cast<float>(fade_in);
  for (size_t i = 0; i < fade_out; ++i)
    signal[signal.size() - 1 - i] *= static_cast<float>(i) / static_cast<float>(fade_out);
}

}  // namespace gramt::eval::taskmaker

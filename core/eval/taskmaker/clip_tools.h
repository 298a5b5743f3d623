#pragma once
// Small signal operations the task recipes share: mono mixdown, trimming silence, placing a sound
// in a clip, levels and fades. Signals are mono float vectors at the task rate.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/audio/audio_buffer.h"

namespace gramt::eval::taskmaker {

using Signal = std::vector<float>;

Signal mono_mixdown(const audio::AudioBuffer& audio);
audio::AudioBuffer mono_buffer(Signal signal, int sample_rate);

// Drops the leading and trailing parts whose 10-ms RMS stays more than `below_peak_db` under the
// loudest 10-ms frame (an all-silent signal comes back empty).
Signal trim_quiet_ends(const Signal& signal, int sample_rate, double below_peak_db = 40.0);

// A `length`-sample clip with `sound` starting at `offset` (cut at the end, zeros elsewhere).
Signal place_in_clip(const Signal& sound, size_t length, size_t offset);
// Adds `sound` × gain into `mix` from `offset` on (cut at the end of `mix`).
void add_into(Signal& mix, const Signal& sound, size_t offset, double gain = 1.0);

double rms(const Signal& signal);
// `seconds` of mono white noise, uniform in ±amplitude/2, from a fixed generator seeded by `state`:
// the same samples on every machine (benchmarks and tests of scene rendering).
audio::AudioBuffer seeded_white_noise(int sample_rate, double seconds, uint32_t state, float amplitude = 0.2f);
double peak(const Signal& signal);
// Scales so that the peak is `target` (silence stays silent).
void scale_to_peak(Signal& signal, double target);
// Scales every channel by one gain when the overall peak exceeds `limit` (keeps channel balance).
void limit_peak(audio::AudioBuffer& audio, double limit = 0.95);
// Linear fade-in/fade-out ramps of the given lengths (shortened to half the signal each).
void apply_fades(Signal& signal, size_t fade_in, size_t fade_out);

}  // namespace gramt::eval::taskmaker

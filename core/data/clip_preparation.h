#pragma once
// Turning a decoded file into a training clip the way the reference does: first channel, resampled
// to the model's rate, RMS-normalised to −14 dBFS (left alone when silent), then zero-padded or cut
// at the end to a fixed duration. Noise recordings get the same treatment except the fixed duration.
#include <cstdint>
#include <vector>

#include "core/audio/audio_buffer.h"

namespace gramt::data {

struct ClipSpec {
  int sample_rate = 32000;
  double seconds = 10.0;       // clip duration after padding / truncation
  double target_dbfs = -14.0;  // RMS level
};

// Samples of a clip: round(seconds · sample_rate).
int64_t clip_samples(const ClipSpec& spec);

// Channel 0 of `audio` at `sample_rate` (libsoxr when the rates differ).
std::vector<float> first_channel_at_rate(const audio::AudioBuffer& audio, int sample_rate);

// Root mean square of the samples (0 for none).
double rms(const std::vector<float>& samples);

// Scales so the RMS is `target_dbfs` (gain = 10^((target − 20·log10 rms)/20)). A silent signal is
// left as it is; returns whether it was scaled.
bool normalise_rms(std::vector<float>& samples, double target_dbfs);

// Zero-pads or cuts at the end to exactly `length` samples.
void pad_or_truncate(std::vector<float>& samples, int64_t length);

// The full clip recipe: first channel → rate → RMS → fixed length.
std::vector<float> prepare_clip(const audio::AudioBuffer& audio, const ClipSpec& spec);

// The noise recipe: first channel → rate → RMS; its length is kept (scenes fade and place it).
std::vector<float> prepare_noise(const audio::AudioBuffer& audio, const ClipSpec& spec);

}  // namespace gramt::data

#pragma once
// Sample-rate conversion with libsoxr at its "high quality" setting.
#include "core/audio/audio_buffer.h"

namespace gramt::audio {

// Returns `in` converted to `target_rate` (a copy when the rates already agree).
AudioBuffer resample(const AudioBuffer& in, int target_rate);

// One channel of samples from `from_rate` to `to_rate`.
std::vector<float> resample_channel(const std::vector<float>& in, int from_rate, int to_rate);

}  // namespace gramt::audio

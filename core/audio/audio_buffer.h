#pragma once
// Decoded audio in memory: planar float samples, one vector per channel, all the same length.
#include <cstdint>
#include <vector>

namespace gramt::audio {

struct AudioBuffer {
  int sample_rate = 0;
  std::vector<std::vector<float>> channels;  // channels[c][i]

  int channel_count() const { return static_cast<int>(channels.size()); }
  int64_t frames() const { return channels.empty() ? 0 : static_cast<int64_t>(channels[0].size()); }
  double seconds() const { return sample_rate > 0 ? static_cast<double>(frames()) / sample_rate : 0.0; }
};

}  // namespace gramt::audio

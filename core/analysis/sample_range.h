#pragma once
// A span of samples inside a clip: what a range of analysis frames reads.
#include <algorithm>
#include <cstdint>

namespace gramt::analysis {

struct SampleRange {
  int64_t begin = 0, end = 0;  // [begin, end) inside the clip
};

// The samples frames [first_frame, first_frame + count) read when frame t is centred on sample
// t·hop_length and spans frame_length samples, clipped to the clip (empty for count 0).
inline SampleRange samples_of_centred_frames(int64_t first_frame, int64_t count, int64_t frame_length,
                                             int64_t hop_length, int64_t clip_samples) {
  if (count == 0) return {};
  const int64_t half = frame_length / 2;
  SampleRange r;
  r.begin = std::clamp<int64_t>(first_frame * hop_length - half, 0, clip_samples);
  r.end = std::clamp<int64_t>((first_frame + count - 1) * hop_length + half, 0, clip_samples);
  return r;
}

}  // namespace gramt::analysis

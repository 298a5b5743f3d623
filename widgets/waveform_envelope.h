#pragma once
// Min/max envelope of a long signal for drawing: one (min, max) pair per pixel column. A small
// pyramid of precomputed block extremes keeps each query proportional to the number of columns,
// not the number of samples, so zooming and panning over millions of samples stays smooth.
#include <cstdint>
#include <memory>
#include <vector>

namespace gramt::widgets {

struct SampleExtremes {
  float min = 0.0f;
  float max = 0.0f;
};

class WaveformEnvelope {
 public:
  WaveformEnvelope() = default;
  explicit WaveformEnvelope(std::shared_ptr<const std::vector<float>> samples);

  int64_t sampleCount() const { return samples_ ? static_cast<int64_t>(samples_->size()) : 0; }

  // Extremes of samples [first, last) split into `columns` equal spans (an empty span repeats its
  // neighbour's sample). Indices are clamped to the signal.
  std::vector<SampleExtremes> extremes(int64_t first, int64_t last, int columns) const;

  // Extremes of samples [first, last), exact.
  SampleExtremes extremesOf(int64_t first, int64_t last) const;

 private:
  // Block sizes of the pyramid levels, in samples; each level summarises the one below.
  static constexpr int64_t kLevelFactor = 32;
  static constexpr int kLevels = 3;  // blocks of 32, 1024 and 32768 samples

  std::shared_ptr<const std::vector<float>> samples_;
  std::vector<std::vector<SampleExtremes>> levels_;  // levels_[k] has blocks of kLevelFactor^(k+1)
};

}  // namespace gramt::widgets

#include "widgets/waveform_envelope.h"

#include <algorithm>

namespace gramt::widgets {

namespace {

void include(SampleExtremes& into, const SampleExtremes& part, bool& any) {
  if (!any) {
    into = part;
    any = true;
    return;
  }
  into.min = std::min(into.min, part.min);
  into.max = std::max(into.max, part.max);
}

}  // namespace

WaveformEnvelope::WaveformEnvelope(std::shared_ptr<const std::vector<float>> samples) : samples_(std::move(samples)) {
  if (!samples_) return;
  const std::vector<float>& raw = *samples_;
  int64_t block = 1;
  for (int level = 0; level < kLevels; ++level) {
    block *= kLevelFactor;
    const int64_t count = (static_cast<int64_t>(raw.size()) + block - 1) / block;
    if (count <= 1) break;  // a level with one block or less adds nothing a scan would not do cheaply
    std::vector<SampleExtremes> blocks(static_cast<size_t>(count));
    for (int64_t b = 0; b < count; ++b) {
      bool any = false;
      SampleExtremes e;
      if (level == 0) {
        const int64_t end = std::min<int64_t>((b + 1) * block, static_cast<int64_t>(raw.size()));
        for (int64_t i = b * block; i < end; ++i) include(e, {raw[static_cast<size_t>(i)], raw[static_cast<size_t>(i)]}, any);
      } else {
        const std::vector<SampleExtremes>& finer = levels_.back();
        const int64_t end = std::min<int64_t>((b + 1) * kLevelFactor, static_cast<int64_t>(finer.size()));
        for (int64_t i = b * kLevelFactor; i < end; ++i) include(e, finer[static_cast<size_t>(i)], any);
      }
      blocks[static_cast<size_t>(b)] = e;
    }
    levels_.push_back(std::move(blocks));
  }
}

SampleExtremes WaveformEnvelope::extremesOf(int64_t first, int64_t last) const {
  const int64_t n = sampleCount();
  first = std::clamp<int64_t>(first, 0, n);
  last = std::clamp<int64_t>(last, first, n);
  SampleExtremes result;
  bool any = false;
  if (first >= last) return result;

  // Split [first, last) into whole blocks of the coarsest level that fits, and ragged ends that
  // finer levels (finally the raw samples) cover: at most 2 × kLevelFactor steps per level.
  struct Span {
    int64_t first, last;
    int level;  // pyramid level to try; -1 = raw samples
  };
  std::vector<Span> pending{{first, last, static_cast<int>(levels_.size()) - 1}};
  while (!pending.empty()) {
    const Span span = pending.back();
    pending.pop_back();
    if (span.first >= span.last) continue;
    if (span.level < 0) {
      const std::vector<float>& raw = *samples_;
      for (int64_t i = span.first; i < span.last; ++i)
        include(result, {raw[static_cast<size_t>(i)], raw[static_cast<size_t>(i)]}, any);
      continue;
    }
    int64_t block = 1;
    for (int k = 0; k <= span.level; ++k) block *= kLevelFactor;
    const int64_t first_block = (span.first + block - 1) / block;
    const int64_t end_block = span.last / block;
    if (first_block >= end_block) {
      pending.push_back({span.first, span.last, span.level - 1});
      continue;
    }
    const std::vector<SampleExtremes>& blocks = levels_[static_cast<size_t>(span.level)];
    for (int64_t b = first_block; b < end_block; ++b) include(result, blocks[static_cast<size_t>(b)], any);
    pending.push_back({span.first, first_block * block, span.level - 1});
    pending.push_back({end_block * block, span.last, span.level - 1});
  }
  return result;
}

std::vector<SampleExtremes> WaveformEnvelope::extremes(int64_t first, int64_t last, int columns) const {
  std::vector<SampleExtremes> out;
  const int64_t n = sampleCount();
  if (columns <= 0 || n == 0) return out;
  first = std::clamp<int64_t>(first, 0, n);
  last = std::clamp<int64_t>(last, first, n);
  out.reserve(static_cast<size_t>(columns));
  const double per_column = static_cast<double>(last - first) / columns;
  for (int c = 0; c < columns; ++c) {
    const int64_t a = first + static_cast<int64_t>(per_column * c);
    int64_t b = first + static_cast<int64_t>(per_column * (c + 1));
    if (c == columns - 1) b = last;
    if (b <= a) {
      const float v = (*samples_)[static_cast<size_t>(std::min(a, n - 1))];
      out.push_back({v, v});
    } else {
      out.push_back(extremesOf(a, b));
    }
  }
  return out;
}

}  // namespace gramt::widgets

#include "app/workbench/binaural_inspection.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "app/workbench/audio_inspection.h"
#include "app/workbench/parallel_blocks.h"
#include "core/analysis/binaural_cues.h"
#include "core/common/error.h"

namespace gramt::workbench {

BinauralCueTrack analyse_binaural_track(const std::vector<float>& left, const std::vector<float>& right,
                                        const ProgressSink& progress, const QuietCellMask& mask,
                                        int64_t block_frames, int threads) {
  if (left.size() != right.size()) throw Error("binaural cues: the two channels differ in length");
  analysis::BinauralCueSettings settings;
  settings.sample_rate = kModelSampleRate;
  const analysis::BinauralCueAnalyser analyser(settings);
  const auto samples = static_cast<int64_t>(left.size());
  const int64_t frames = analyser.frame_count(samples);
  const int bands = settings.n_mels;
  block_frames = std::max<int64_t>(block_frames, 1);
  const int64_t blocks = (frames + block_frames - 1) / block_frames;

  auto ild = std::make_shared<std::vector<float>>(static_cast<size_t>(frames * bands));
  auto itd = std::make_shared<std::vector<float>>(static_cast<size_t>(frames));
  auto coherence = std::make_shared<std::vector<float>>(static_cast<size_t>(frames));

  // Workers take blocks in turn and write disjoint slices of the result; only progress is shared.
  run_blocks_in_parallel(blocks, threads, progress, "binaural cues", [&](int64_t b) {
    const int64_t first = b * block_frames;
    const int64_t count = std::min(block_frames, frames - first);
    const analysis::SampleRange need = analyser.samples_needed(first, count, samples);
    analysis::StereoBlock block;
    block.left = left.data() + need.begin;
    block.right = right.data() + need.begin;
    block.first_sample = need.begin;
    block.length = need.end - need.begin;
    block.clip_samples = samples;
    const analysis::BinauralCueFrames cues = analyser.analyse(block, first, count);
    std::copy(cues.ild_db.begin(), cues.ild_db.end(), ild->begin() + first * bands);
    for (int64_t f = 0; f < count; ++f) {
      (*itd)[static_cast<size_t>(first + f)] = cues.itd_seconds[static_cast<size_t>(f)] * 1000.0f;
      (*coherence)[static_cast<size_t>(first + f)] = cues.coherence[static_cast<size_t>(f)];
    }
  });

  const size_t cells = ild->size();
  if (mask.left_level_db != nullptr && mask.right_level_db != nullptr && mask.left_level_db->size() == cells &&
      mask.right_level_db->size() == cells && cells > 0) {
    const std::vector<float>& l = *mask.left_level_db;
    const std::vector<float>& r = *mask.right_level_db;
    const float peak = std::max(*std::max_element(l.begin(), l.end()), *std::max_element(r.begin(), r.end()));
    const auto floor = static_cast<float>(peak - mask.below_peak_db);
    for (size_t i = 0; i < cells; ++i)
      if (std::max(l[i], r[i]) < floor) (*ild)[i] = std::numeric_limits<float>::quiet_NaN();
  }

  // The range from a strided sample of at most ~1M cells: a percentile does not need all 46M of an hour.
  std::vector<float> magnitudes;
  const size_t stride = std::max<size_t>(1, ild->size() / 1'000'000);
  for (size_t i = 0; i < ild->size(); i += stride)
    if (std::isfinite((*ild)[i])) magnitudes.push_back(std::abs((*ild)[i]));
  double range = 5.0;
  if (!magnitudes.empty()) {
    const auto at = magnitudes.begin() + static_cast<std::ptrdiff_t>(0.99 * static_cast<double>(magnitudes.size() - 1));
    std::nth_element(magnitudes.begin(), at, magnitudes.end());
    range = std::clamp(5.0 * std::ceil(*at / 5.0), 5.0, 40.0);
  }

  BinauralCueTrack track;
  track.ild_range_db = range;
  track.frames = frames;
  track.bands = bands;
  track.frame_period_seconds = static_cast<double>(settings.hop_length) / settings.sample_rate;
  track.ild_db = std::move(ild);
  track.itd_ms = std::move(itd);
  track.coherence = std::move(coherence);
  return track;
}

}  // namespace gramt::workbench

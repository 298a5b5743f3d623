#pragma once
// The binaural cues the Inspect panel draws for a stereo file, on the log-mel's frame grid (32 kHz,
// 10-ms hop): ILD per mel band and frame, broadband ITD and coherence per frame. Computed on the
// loading worker in blocks of frames, spread over the machine's cores, so an hour-long file keeps
// memory bounded by the result (ILD: frames × 128 floats) plus one block per thread.
#include <cstdint>
#include <memory>
#include <vector>

// No LibTorch here: this header reaches Qt code (see audio_inspection.h).
#include "core/common/progress.h"

namespace gramt::workbench {

struct BinauralCueTrack {
  int64_t frames = 0;
  int bands = 0;                        // mel bands of the ILD
  double frame_period_seconds = 0.0;    // hop / rate; frame i is centred on i · period
  // Sign convention of core/analysis/binaural_cues.h: positive = towards the right ear.
  std::shared_ptr<const std::vector<float>> ild_db;       // frames × bands, frame-major
  std::shared_ptr<const std::vector<float>> itd_ms;       // per frame; NaN where an ear is silent
  std::shared_ptr<const std::vector<float>> coherence;    // per frame, ≤ 1; NaN where an ear is silent
  // A symmetric colour range ±ild_range_db that covers 99% of |ILD| (5 to 40 dB, in steps of 5), so
  // one loud outlier does not wash every other cell out to white.
  double ild_range_db = 10.0;
};

// Where neither ear has sound, the ILD is the ratio of two noise floors: meaningless, yet as
// colourful as a real cue. Cells whose louder ear is more than `below_peak_db` under the loudest
// cell of the file become NaN (drawn as "nothing to compare"). Levels: the ears' log-mels in dB on
// the same grid (frames × bands).
struct QuietCellMask {
  const std::vector<float>* left_level_db = nullptr;
  const std::vector<float>* right_level_db = nullptr;
  double below_peak_db = 60.0;
};

// Cues of a stereo signal already at 32 kHz (left and right of equal length). Reports progress and
// throws gramt::Cancelled within one block's time of a cancel. `threads` ≤ 0: the machine's cores.
// A mask whose levels do not match the grid is ignored.
BinauralCueTrack analyse_binaural_track(const std::vector<float>& left, const std::vector<float>& right,
                                        const ProgressSink& progress, const QuietCellMask& mask = {},
                                        int64_t block_frames = 2000, int threads = 0);

}  // namespace gramt::workbench

#pragma once
// What the Inspect panel draws about where a first-order ambisonic file's sound comes from, on the
// log-mel's frame grid (32 kHz, 10-ms hop, 128 mel bands): azimuth and elevation per band and frame
// from the active intensity vector (core/analysis/foa_directions.h), the intensity that weights each
// cell, and a time–azimuth histogram. Computed on the loading worker in blocks of frames spread over
// the machine's cores; memory is the result (three frames × 128 float maps) plus one block per thread.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// No LibTorch here: this header reaches Qt code (see audio_inspection.h).
#include "core/common/progress.h"

namespace gramt::workbench {

struct FoaDirectionTrack {
  int64_t frames = 0;
  int bands = 0;                      // mel bands
  double frame_period_seconds = 0.0;  // frame i is centred on i · period
  // frames × bands, frame-major. Azimuth in (−180°, 180°] counter-clockwise from the front (90° =
  // left), elevation in [−90°, 90°]; NaN in cells too quiet to have a direction (see below).
  std::shared_ptr<const std::vector<float>> azimuth_deg;
  std::shared_ptr<const std::vector<float>> elevation_deg;
  std::shared_ptr<const std::vector<float>> intensity;  // ‖I‖ per cell: the sphere map's weight
  // frames × azimuth_bins: the frame's intensity by azimuth sector (5° from −180°), in dB.
  int azimuth_bins = 0;
  std::shared_ptr<const std::vector<float>> azimuth_histogram_db;
  double histogram_peak_db = 0.0;
};

// Cells whose energy is more than `quiet_below_peak_db` under the loudest cell of the file get no
// direction (NaN): in silence the intensity of noise floors points anywhere, yet is as colourful as
// a real source.
// ambix: W, Y, Z, X at 32 kHz, equal lengths. Reports progress; throws gramt::Cancelled within one
// block's time of a cancel. `threads` ≤ 0: the machine's cores.
FoaDirectionTrack analyse_foa_track(const std::vector<const std::vector<float>*>& ambix, const ProgressSink& progress,
                                    double quiet_below_peak_db = 60.0, int64_t block_frames = 2000, int threads = 0);

// The sphere map's cells for frames [first_frame, last_frame) of the track: 2° × 2° cells,
// azimuth_cells × elevation_cells, row-major with row 0 at −90° and column 0 at −180°.
struct SphereCells {
  std::vector<double> energy;
  int azimuth_cells = 0, elevation_cells = 0;
};
SphereCells sphere_cells_of_frames(const FoaDirectionTrack& track, int64_t first_frame, int64_t last_frame);

// Headphone signals of an ambisonic file: AmbiX (W, Y, Z, X) at the file's rate through the
// virtual-loudspeaker decoder and the KEMAR HRIRs (core/analysis/foa_binaural_decoder.h). When the
// HRIR set cannot be read, `problem` says why and the signals are null; the file still loads.
struct FoaHeadphoneMix {
  std::shared_ptr<const std::vector<float>> left, right;
  std::string decoder;  // what was done, for the listen menu's tooltip
  std::string problem;
};
FoaHeadphoneMix decode_foa_for_headphones(const std::vector<std::vector<float>>& ambix, int sample_rate,
                                          const ProgressSink& progress);

}  // namespace gramt::workbench

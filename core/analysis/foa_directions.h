#pragma once
// Where the sound of a first-order ambisonic (FOA) clip comes from, per time–frequency cell, from the
// active intensity vector. Input is AmbiX (ACN order W, Y, Z, X; SN3D; core/audio/ambisonic_format.h):
// convert other formats with convert_foa first. Axes: x front, y left, z up; azimuth counter-clockwise
// from the front in (−180°, 180°] (90° = left), elevation up in [−90°, 90°].
//
// Per STFT bin k of a frame: I_k = Re(conj(W_k)·[X_k, Y_k, Z_k]) and E_k = ½(|W_k|² + |X_k|² + |Y_k|² +
// |Z_k|²). With this encoding (X = x·s for a wave from the unit direction (x, y, z)) I points towards
// the source, not along the flow of energy, so its direction is the direction of arrival directly.
// A band sums I and E over its bins (through the mel filterbank, or one band per bin); its direction
// is that of the summed I, its weight ‖ΣI‖ (energy that arrives from one direction), and its
// diffuseness 1 − ‖ΣI‖/ΣE: 0 for a single plane wave, towards 1 for an isotropic diffuse field.
//
// Frames sit on the model's grid (frame t centred on sample t·hop, 1 + samples/hop frames, like the
// log-mel and the binaural cues), so the maps line up with the spectrograms. Long clips: analyse any
// frame range from a block covering samples_needed(); memory is bounded by the block and the range.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/analysis/sample_range.h"

namespace gramt::analysis {

struct FoaDirectionSettings {
  int sample_rate = 32000;
  int frame_length = 1024;  // Hann-windowed samples per frame (a power of two)
  int hop_length = 320;     // the model's 10-ms hop
  // Bands: the model's HTK mel filterbank with this many bands, or 0 for one band per STFT bin
  // (frame_length / 2 + 1 bands, bin k at k·rate/frame_length Hz).
  int n_mels = 128;
  double f_min = 50.0;
  double f_max = -1.0;  // < 0: sample_rate / 2
  // Columns of the time–azimuth histogram: equal azimuth sectors from −180°.
  int azimuth_bins = 72;
};

// A block of a possibly longer AmbiX clip: channel[c][i] is sample first_sample + i of ACN channel c
// (W, Y, Z, X).
struct FoaBlock {
  std::array<const float*, 4> channel{};
  int64_t first_sample = 0;
  int64_t length = 0;
  int64_t clip_samples = 0;  // the whole clip (samples outside [0, clip_samples) are zeros)
};

struct FoaDirectionFrames {
  int64_t first_frame = 0, frames = 0;
  int64_t bands = 0;
  int64_t azimuth_bins = 0;
  std::vector<float> azimuth_deg;    // [frame][band]; NaN where ΣI is zero (silence)
  std::vector<float> elevation_deg;  // [frame][band]; NaN where ΣI is zero
  std::vector<float> intensity;      // [frame][band] ‖ΣI‖: the weight of the cell's direction
  std::vector<float> energy;         // [frame][band] ΣE
  std::vector<float> diffuseness;    // [frame][band] 1 − ‖ΣI‖/ΣE in [0, 1]; NaN where silent
  // [frame][azimuth bin]: the intensity of the frame's bands, summed by the sector of their azimuth.
  std::vector<float> azimuth_histogram;
};

class FoaDirectionAnalyser {
 public:
  // Throws gramt::Error naming the setting that is out of range.
  explicit FoaDirectionAnalyser(FoaDirectionSettings settings = {});

  const FoaDirectionSettings& settings() const { return settings_; }
  int64_t band_count() const { return static_cast<int64_t>(band_first_bin_.size()); }
  // Centre frequency of every band (the mel filters' peaks, or the bins' frequencies).
  const std::vector<double>& band_hz() const { return band_hz_; }
  // Frames of a clip: 1 + samples / hop.
  int64_t frame_count(int64_t clip_samples) const;
  // The clip samples frames [first_frame, first_frame + count) read.
  SampleRange samples_needed(int64_t first_frame, int64_t count, int64_t clip_samples) const;
  // Directions of frames [first_frame, first_frame + count). The block must hold samples_needed(...);
  // otherwise gramt::Error says which samples are missing.
  FoaDirectionFrames analyse(const FoaBlock& audio, int64_t first_frame, int64_t count) const;

 private:
  FoaDirectionSettings settings_;
  std::vector<float> window_;
  std::vector<float> filterbank_;  // [bin][band] (mel bands only)
  std::vector<int64_t> band_first_bin_, band_last_bin_;
  std::vector<double> band_hz_;
};

// Lower edge of azimuth sector `bin` of `bins` equal sectors from −180°, and the sector of an azimuth.
double azimuth_bin_lower_deg(int64_t bin, int64_t bins);
int64_t azimuth_bin_of(double azimuth_deg, int64_t bins);

// Energy on the sphere: cell weights summed into an equirectangular grid, azimuth −180°..180° in
// columns and elevation −90°..90° in rows (row 0 at −90°).
struct SphereGrid {
  int azimuth_cells = 180;   // 2° columns
  int elevation_cells = 90;  // 2° rows
};

struct SphereEnergyMap {
  int azimuth_cells = 0, elevation_cells = 0;
  std::vector<double> energy;  // [row][column]
  double total = 0.0;

  double column_centre_deg(int column) const { return -180.0 + (column + 0.5) * 360.0 / azimuth_cells; }
  double row_centre_deg(int row) const { return -90.0 + (row + 0.5) * 180.0 / elevation_cells; }
  double at(int row, int column) const {
    return energy[static_cast<size_t>(row) * static_cast<size_t>(azimuth_cells) + static_cast<size_t>(column)];
  }
};

struct SphereDirection {
  double azimuth_deg = 0.0, elevation_deg = 0.0;
};

// Adds `count` cells (directions and weights side by side, e.g. a frame range of the maps above);
// cells with a NaN direction or a weight that is not positive add nothing. Throws gramt::Error when
// the grid has no cells.
SphereEnergyMap sphere_energy_map(const float* azimuth_deg, const float* elevation_deg, const float* weight,
                                  size_t count, SphereGrid grid = {});
// The centre of the map's strongest cell (0°, 0° for an empty map).
SphereDirection strongest_direction(const SphereEnergyMap& map);

}  // namespace gramt::analysis

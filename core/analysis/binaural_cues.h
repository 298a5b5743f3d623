#pragma once
// Binaural cues of a stereo clip, frame by frame on the model's time grid (frame t centred on sample
// t·hop, like the log-mel front end): the interaural level difference per mel band, and the
// interaural time difference and coherence from the normalised cross-correlation within ±1 ms. The
// mel front end discards phase, so ITD/coherence show what the model cannot see directly.
//
// Sign convention, the same for both cues: POSITIVE = TOWARDS THE RIGHT EAR.
//   ILD = 10·log10((E_R + ε)/(E_L + ε)) dB: > 0 when the right ear is louder.
//   ITD > 0 when the right ear leads (the left ear lags): a right = left delayed by d samples
//   (source on the left) gives ITD = −d / sample_rate.
//
// Long files: analyse any frame range from a block of samples that covers samples_needed(); memory
// is bounded by the block and the range. No LibTorch in this header.
#include <cstdint>
#include <vector>

#include "core/analysis/sample_range.h"

namespace gramt::analysis {

struct BinauralCueSettings {
  int sample_rate = 32000;
  int frame_length = 1024;     // Hann-windowed samples per frame (the model's n_fft; a power of two)
  int hop_length = 320;        // the model's 10-ms hop
  int n_mels = 128;            // ILD bands: the model's HTK mel filterbank
  double f_min = 50.0;
  double f_max = -1.0;         // < 0: sample_rate / 2
  double max_itd_seconds = 1e-3;
  double energy_floor = 1e-10;  // ε of the ILD (band energies are sums of squared windowed samples)
  // Optional extra ITD/coherence bands: consecutive edges in Hz, e.g. {200, 500, 1000, 1500} gives
  // three bands. Empty: broadband only.
  std::vector<double> itd_band_edges_hz;
};

// A block of a possibly longer clip: left[i], right[i] are samples first_sample + i of the clip.
struct StereoBlock {
  const float* left = nullptr;
  const float* right = nullptr;
  int64_t first_sample = 0;
  int64_t length = 0;
  int64_t clip_samples = 0;  // length of the whole clip (samples outside [0, clip_samples) are zeros)
};

struct BinauralCueFrames {
  int64_t first_frame = 0, frames = 0;
  int64_t bands = 0;                 // mel bands of the ILD
  int64_t itd_bands = 0;             // extra ITD bands (settings.itd_band_edges_hz.size() − 1, or 0)
  std::vector<float> ild_db;         // [frame][band]
  std::vector<float> left_db;        // [frame][band] 10·log10(E_L + ε): hover readouts, colour bars
  std::vector<float> right_db;       // [frame][band]
  std::vector<float> itd_seconds;    // [frame], NaN where either ear is silent (nothing to correlate)
  std::vector<float> coherence;      // [frame], the peak normalised cross-correlation (≤ 1), NaN if silent
  std::vector<float> band_itd_seconds;  // [frame][itd band], NaN where either ear is silent in the band
  std::vector<float> band_coherence;    // [frame][itd band]
};

class BinauralCueAnalyser {
 public:
  // Throws gramt::Error naming the setting that is out of range.
  explicit BinauralCueAnalyser(BinauralCueSettings settings = {});

  const BinauralCueSettings& settings() const { return settings_; }
  int64_t max_lag_samples() const { return max_lag_; }
  // Frames of a clip: 1 + samples / hop, the same count as the model's log-mel.
  int64_t frame_count(int64_t clip_samples) const;
  // The clip samples frames [first_frame, first_frame + count) read.
  SampleRange samples_needed(int64_t first_frame, int64_t count, int64_t clip_samples) const;
  // Cues of frames [first_frame, first_frame + count). The block must hold samples_needed(...);
  // otherwise gramt::Error says which samples are missing.
  BinauralCueFrames analyse(const StereoBlock& audio, int64_t first_frame, int64_t count) const;

 private:
  BinauralCueSettings settings_;
  int64_t max_lag_ = 0;
  std::vector<float> window_;
  std::vector<float> filterbank_;          // [bin][band] of the frame_length-point spectrum
  std::vector<int64_t> band_first_bin_, band_last_bin_;  // each mel filter's non-zero bins
  std::vector<int64_t> itd_first_bin_, itd_last_bin_;    // extra ITD bands in the 2·frame_length spectrum
};

// Mid (L + R)/2 and side (L − R)/2, sample by sample.
struct MidSide {
  std::vector<float> mid, side;
};
MidSide mid_side(const float* left, const float* right, int64_t samples);

}  // namespace gramt::analysis

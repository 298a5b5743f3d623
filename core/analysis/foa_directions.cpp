#include "core/analysis/foa_directions.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <string>

#include "core/common/error.h"
#include "core/features/log_mel.h"
#include "core/scene/real_fft.h"

namespace gramt::analysis {
namespace {

constexpr double kRadToDeg = 180.0 / 3.14159265358979323846;
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

double hz_to_mel(double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); }
double mel_to_hz(double mel) { return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0); }

}  // namespace

FoaDirectionAnalyser::FoaDirectionAnalyser(FoaDirectionSettings s) : settings_(s) {
  const auto& c = settings_;
  const auto fail = [](const std::string& what) { throw Error("ambisonic directions: " + what); };
  if (c.sample_rate <= 0) fail("sample_rate must be positive");
  if (c.frame_length < 64 || (c.frame_length & (c.frame_length - 1)) != 0)
    fail("frame_length must be a power of two >= 64, got " + std::to_string(c.frame_length));
  if (c.hop_length <= 0) fail("hop_length must be positive");
  if (c.n_mels < 0) fail("n_mels must be 0 (one band per bin) or positive");
  if (c.azimuth_bins <= 0 || c.azimuth_bins > 3600)
    fail("azimuth_bins must be between 1 and 3600, got " + std::to_string(c.azimuth_bins));

  // The project's torch window (the model's) in a plain vector: the per-frame work below runs on the
  // scene library's FFTW transform, frame by frame over a block, as the binaural cues do, so memory
  // stays bounded by the block instead of a whole-clip torch STFT.
  const torch::Tensor window = features::hann_window_periodic(c.frame_length).contiguous();
  window_.assign(window.data_ptr<float>(), window.data_ptr<float>() + window.numel());
  const int64_t bins = c.frame_length / 2 + 1;
  if (c.n_mels == 0) {
    for (int64_t k = 0; k < bins; ++k) {
      band_first_bin_.push_back(k);
      band_last_bin_.push_back(k);
      band_hz_.push_back(static_cast<double>(k) * c.sample_rate / c.frame_length);
    }
    return;
  }
  features::LogMelConfig mel;
  mel.sample_rate = c.sample_rate;
  mel.n_fft = c.frame_length;
  mel.hop_length = c.hop_length;
  mel.f_min = c.f_min;
  mel.f_max = c.f_max;
  mel.n_mels = c.n_mels;
  const torch::Tensor fb = features::htk_mel_filterbank(mel).contiguous();  // (bins, bands)
  filterbank_.assign(fb.data_ptr<float>(), fb.data_ptr<float>() + fb.numel());
  const double f_max = c.f_max < 0 ? c.sample_rate / 2.0 : c.f_max;
  const double step = (hz_to_mel(f_max) - hz_to_mel(c.f_min)) / (c.n_mels + 1);
  for (int64_t b = 0; b < c.n_mels; ++b) {
    int64_t first = bins, last = -1;
    for (int64_t k = 0; k < bins; ++k)
      if (filterbank_[static_cast<size_t>(k * c.n_mels + b)] > 0) first = std::min(first, k), last = k;
    band_first_bin_.push_back(first);
    band_last_bin_.push_back(last);  // an empty filter (first > last) stays silent
    band_hz_.push_back(mel_to_hz(hz_to_mel(c.f_min) + static_cast<double>(b + 1) * step));
  }
}

int64_t FoaDirectionAnalyser::frame_count(int64_t clip_samples) const {
  return features::frames_for_samples(std::max<int64_t>(0, clip_samples), settings_.hop_length);
}

SampleRange FoaDirectionAnalyser::samples_needed(int64_t first_frame, int64_t count, int64_t clip_samples) const {
  if (first_frame < 0 || count < 0 || first_frame + count > frame_count(clip_samples))
    throw Error("ambisonic directions: frames [" + std::to_string(first_frame) + ", " +
                std::to_string(first_frame + count) + ") are outside the clip's " +
                std::to_string(frame_count(clip_samples)) + " frames");
  return samples_of_centred_frames(first_frame, count, settings_.frame_length, settings_.hop_length, clip_samples);
}

FoaDirectionFrames FoaDirectionAnalyser::analyse(const FoaBlock& audio, int64_t first_frame, int64_t count) const {
  const auto& c = settings_;
  const SampleRange need = samples_needed(first_frame, count, audio.clip_samples);
  const bool has_channels = std::all_of(audio.channel.begin(), audio.channel.end(), [](const float* p) { return p; });
  if (need.end > need.begin &&
      (!has_channels || audio.first_sample > need.begin || audio.first_sample + audio.length < need.end))
    throw Error("ambisonic directions: frames [" + std::to_string(first_frame) + ", " +
                std::to_string(first_frame + count) + ") need samples [" + std::to_string(need.begin) + ", " +
                std::to_string(need.end) + "), the block holds [" + std::to_string(audio.first_sample) + ", " +
                std::to_string(audio.first_sample + audio.length) + ") of all four channels");

  const size_t n = static_cast<size_t>(c.frame_length);
  const size_t bands = band_first_bin_.size();
  const size_t frames = static_cast<size_t>(count);
  const size_t sectors = static_cast<size_t>(c.azimuth_bins);
  FoaDirectionFrames out;
  out.first_frame = first_frame;
  out.frames = count;
  out.bands = static_cast<int64_t>(bands);
  out.azimuth_bins = c.azimuth_bins;
  out.azimuth_deg.resize(frames * bands);
  out.elevation_deg.resize(frames * bands);
  out.intensity.resize(frames * bands);
  out.energy.resize(frames * bands);
  out.diffuseness.resize(frames * bands);
  out.azimuth_histogram.assign(frames * sectors, 0.0f);

  const scene::RealFft& fft = scene::real_fft_of_size(n);
  std::vector<float> windowed(n);
  std::array<std::vector<std::complex<double>>, 4> spectrum;  // W, Y, Z, X
  const size_t bins = n / 2 + 1;
  std::vector<double> ix(bins), iy(bins), iz(bins), e(bins);
  const bool per_bin = c.n_mels == 0;
  const int64_t half = c.frame_length / 2;

  for (size_t f = 0; f < frames; ++f) {
    const int64_t start = (first_frame + static_cast<int64_t>(f)) * c.hop_length - half;
    for (size_t ch = 0; ch < 4; ++ch) {
      for (size_t i = 0; i < n; ++i) {
        const int64_t s = start + static_cast<int64_t>(i);
        const bool inside = s >= 0 && s < audio.clip_samples;
        windowed[i] = inside ? window_[i] * audio.channel[ch][static_cast<size_t>(s - audio.first_sample)] : 0.0f;
      }
      fft.forward(windowed.data(), n, spectrum[ch]);
    }
    for (size_t k = 0; k < bins; ++k) {
      const std::complex<double> w = std::conj(spectrum[0][k]);
      iy[k] = scene::multiply(w, spectrum[1][k]).real();
      iz[k] = scene::multiply(w, spectrum[2][k]).real();
      ix[k] = scene::multiply(w, spectrum[3][k]).real();
      e[k] = 0.5 * (std::norm(spectrum[0][k]) + std::norm(spectrum[1][k]) + std::norm(spectrum[2][k]) +
                    std::norm(spectrum[3][k]));
    }
    for (size_t b = 0; b < bands; ++b) {
      double sx = 0, sy = 0, sz = 0, se = 0;
      for (int64_t k = band_first_bin_[b]; k <= band_last_bin_[b]; ++k) {
        const size_t at = static_cast<size_t>(k);
        const double g = per_bin ? 1.0 : filterbank_[at * bands + b];
        sx += g * ix[at], sy += g * iy[at], sz += g * iz[at], se += g * e[at];
      }
      const double norm = std::sqrt(sx * sx + sy * sy + sz * sz);
      const size_t cell = f * bands + b;
      out.intensity[cell] = static_cast<float>(norm);
      out.energy[cell] = static_cast<float>(se);
      if (norm > 0.0) {
        const double azimuth = std::atan2(sy, sx) * kRadToDeg;
        out.azimuth_deg[cell] = static_cast<float>(azimuth);
        out.elevation_deg[cell] = static_cast<float>(std::asin(std::clamp(sz / norm, -1.0, 1.0)) * kRadToDeg);
        out.azimuth_histogram[f * sectors + static_cast<size_t>(azimuth_bin_of(azimuth, c.azimuth_bins))] +=
            static_cast<float>(norm);
      } else {
        out.azimuth_deg[cell] = kNaN;
        out.elevation_deg[cell] = kNaN;
      }
      // ‖ΣI‖ ≤ ΣE holds for every bin (Cauchy–Schwarz), so the clamp only absorbs rounding.
      out.diffuseness[cell] = se > 0.0 ? static_cast<float>(std::clamp(1.0 - norm / se, 0.0, 1.0)) : kNaN;
    }
  }
  return out;
}

double azimuth_bin_lower_deg(int64_t bin, int64_t bins) {
  return -180.0 + 360.0 * static_cast<double>(bin) / static_cast<double>(bins);
}

int64_t azimuth_bin_of(double azimuth_deg, int64_t bins) {
  double wrapped = std::fmod(azimuth_deg + 180.0, 360.0);
  if (wrapped < 0) wrapped += 360.0;
  const auto bin = static_cast<int64_t>(std::floor(wrapped / 360.0 * static_cast<double>(bins)));
  return std::clamp<int64_t>(bin, 0, bins - 1);
}

SphereEnergyMap sphere_energy_map(const float* azimuth_deg, const float* elevation_deg, const float* weight,
                                  size_t count, SphereGrid grid) {
  if (grid.azimuth_cells <= 0 || grid.elevation_cells <= 0)
    throw Error("sphere energy map: the grid needs at least one azimuth and one elevation cell, got " +
                std::to_string(grid.azimuth_cells) + " x " + std::to_string(grid.elevation_cells));
  SphereEnergyMap map;
  map.azimuth_cells = grid.azimuth_cells;
  map.elevation_cells = grid.elevation_cells;
  map.energy.assign(static_cast<size_t>(grid.azimuth_cells) * static_cast<size_t>(grid.elevation_cells), 0.0);
  for (size_t i = 0; i < count; ++i) {
    const float w = weight[i];
    if (!(w > 0.0f) || std::isnan(azimuth_deg[i]) || std::isnan(elevation_deg[i])) continue;
    const int64_t column = azimuth_bin_of(azimuth_deg[i], grid.azimuth_cells);
    const auto row = std::clamp<int64_t>(
        static_cast<int64_t>(std::floor((elevation_deg[i] + 90.0) / 180.0 * grid.elevation_cells)), 0,
        grid.elevation_cells - 1);
    map.energy[static_cast<size_t>(row * grid.azimuth_cells + column)] += w;
    map.total += w;
  }
  return map;
}

SphereDirection strongest_direction(const SphereEnergyMap& map) {
  if (map.energy.empty() || !(map.total > 0.0)) return {};
  const auto top = std::max_element(map.energy.begin(), map.energy.end()) - map.energy.begin();
  const int row = static_cast<int>(top / map.azimuth_cells), column = static_cast<int>(top % map.azimuth_cells);
  return {map.column_centre_deg(column), map.row_centre_deg(row)};
}

}  // namespace gramt::analysis

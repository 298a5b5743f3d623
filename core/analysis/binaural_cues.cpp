#include "core/analysis/binaural_cues.h"

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

constexpr double kPi = 3.14159265358979323846;
// Around the integer-lag peak the correlation is evaluated on a grid this many times finer (exact
// band-limited interpolation from the cross-spectrum) before the parabola: a parabola through
// integer lags alone is biased by up to ~0.1 sample for broadband noise.
constexpr int kPeakUpsampling = 8;

struct CorrelationPeak {
  float lag_seconds = std::numeric_limits<float>::quiet_NaN();
  float coherence = std::numeric_limits<float>::quiet_NaN();
};

// Σ_n l[n]·r[n+τ] for real τ from the one-sided cross-spectrum conj(X_L)·X_R of an m-point
// transform, keeping bins [k0, k1] only: (1/m)·Σ g_k·Re(S_k·e^{2πikτ/m}), g = 1 at DC and Nyquist, else 2.
double correlation_at(const std::vector<std::complex<double>>& cross, size_t k0, size_t k1, size_t m, double tau) {
  const double step = 2.0 * kPi * tau / static_cast<double>(m);
  const std::complex<double> rotate = std::polar(1.0, step);
  std::complex<double> phasor = std::polar(1.0, step * static_cast<double>(k0));
  double sum = 0;
  for (size_t k = k0; k <= k1; ++k) {
    const double gain = (k == 0 || k == m / 2) ? 1.0 : 2.0;
    sum += gain * (cross[k].real() * phasor.real() - cross[k].imag() * phasor.imag());
    phasor = scene::multiply(phasor, rotate);
  }
  return sum / static_cast<double>(m);
}

// Energy of the band's part of a windowed frame (Parseval over the one-sided spectrum).
double band_energy(const std::vector<std::complex<double>>& x, size_t k0, size_t k1, size_t m) {
  double sum = 0;
  for (size_t k = k0; k <= k1; ++k) sum += ((k == 0 || k == m / 2) ? 1.0 : 2.0) * std::norm(x[k]);
  return sum / static_cast<double>(m);
}

}  // namespace

BinauralCueAnalyser::BinauralCueAnalyser(BinauralCueSettings s) : settings_(std::move(s)) {
  const auto& c = settings_;
  const auto fail = [](const std::string& what) { throw Error("binaural cues: " + what); };
  if (c.sample_rate <= 0) fail("sample_rate must be positive");
  if (c.frame_length < 64 || (c.frame_length & (c.frame_length - 1)) != 0)
    fail("frame_length must be a power of two >= 64, got " + std::to_string(c.frame_length));
  if (c.hop_length <= 0) fail("hop_length must be positive");
  if (c.n_mels <= 0) fail("n_mels must be positive");
  if (!(c.energy_floor > 0)) fail("energy_floor must be positive");
  max_lag_ = static_cast<int64_t>(std::floor(c.max_itd_seconds * c.sample_rate + 1e-9));
  if (max_lag_ < 1 || max_lag_ >= c.frame_length / 2)
    fail("max_itd_seconds must give between 1 and frame_length/2 lags, got " + std::to_string(max_lag_));

  features::LogMelConfig mel;
  mel.sample_rate = c.sample_rate;
  mel.n_fft = c.frame_length;
  mel.hop_length = c.hop_length;
  mel.f_min = c.f_min;
  mel.f_max = c.f_max;
  mel.n_mels = c.n_mels;
  const torch::Tensor window = features::hann_window_periodic(c.frame_length).contiguous();
  window_.assign(window.data_ptr<float>(), window.data_ptr<float>() + window.numel());
  const torch::Tensor fb = features::htk_mel_filterbank(mel).contiguous();  // (bins, bands)
  filterbank_.assign(fb.data_ptr<float>(), fb.data_ptr<float>() + fb.numel());
  const int64_t bins = c.frame_length / 2 + 1;
  for (int64_t b = 0; b < c.n_mels; ++b) {
    int64_t first = bins, last = -1;
    for (int64_t k = 0; k < bins; ++k)
      if (filterbank_[static_cast<size_t>(k * c.n_mels + b)] > 0) first = std::min(first, k), last = k;
    band_first_bin_.push_back(first);
    band_last_bin_.push_back(last);  // an empty filter (first > last) contributes nothing
  }

  const auto& edges = c.itd_band_edges_hz;
  if (edges.size() == 1) fail("itd_band_edges_hz needs at least two edges (one band)");
  const double m = 2.0 * c.frame_length;  // correlation transform size (zero-padded frame)
  for (size_t i = 0; i + 1 < edges.size(); ++i) {
    if (!(edges[i] >= 0 && edges[i] < edges[i + 1] && edges[i + 1] <= c.sample_rate / 2.0))
      fail("itd_band_edges_hz must rise within [0, sample_rate/2]; edge " + std::to_string(i + 1) + " does not");
    const auto k0 = static_cast<int64_t>(std::ceil(edges[i] * m / c.sample_rate));
    const auto k1 = static_cast<int64_t>(std::floor(edges[i + 1] * m / c.sample_rate));
    if (k1 < k0) fail("itd band " + std::to_string(i) + " is narrower than one frequency bin");
    itd_first_bin_.push_back(k0);
    itd_last_bin_.push_back(k1);
  }
}

int64_t BinauralCueAnalyser::frame_count(int64_t clip_samples) const {
  return features::frames_for_samples(std::max<int64_t>(0, clip_samples), settings_.hop_length);
}

SampleRange BinauralCueAnalyser::samples_needed(int64_t first_frame, int64_t count, int64_t clip_samples) const {
  if (first_frame < 0 || count < 0 || first_frame + count > frame_count(clip_samples))
    throw Error("binaural cues: frames [" + std::to_string(first_frame) + ", " + std::to_string(first_frame + count) +
                ") are outside the clip's " + std::to_string(frame_count(clip_samples)) + " frames");
  return samples_of_centred_frames(first_frame, count, settings_.frame_length, settings_.hop_length, clip_samples);
}

BinauralCueFrames BinauralCueAnalyser::analyse(const StereoBlock& audio, int64_t first_frame, int64_t count) const {
  const auto& c = settings_;
  const SampleRange need = samples_needed(first_frame, count, audio.clip_samples);
  if (need.end > need.begin &&
      (audio.left == nullptr || audio.right == nullptr || audio.first_sample > need.begin ||
       audio.first_sample + audio.length < need.end))
    throw Error("binaural cues: frames [" + std::to_string(first_frame) + ", " + std::to_string(first_frame + count) +
                ") need samples [" + std::to_string(need.begin) + ", " + std::to_string(need.end) +
                "), the block holds [" + std::to_string(audio.first_sample) + ", " +
                std::to_string(audio.first_sample + audio.length) + ")");

  const size_t w = static_cast<size_t>(c.frame_length), m = 2 * w, bands = static_cast<size_t>(c.n_mels);
  const size_t itd_bands = itd_first_bin_.size();
  BinauralCueFrames out;
  out.first_frame = first_frame;
  out.frames = count;
  out.bands = c.n_mels;
  out.itd_bands = static_cast<int64_t>(itd_bands);
  const size_t frames = static_cast<size_t>(count);
  out.ild_db.resize(frames * bands);
  out.left_db.resize(frames * bands);
  out.right_db.resize(frames * bands);
  out.itd_seconds.resize(frames);
  out.coherence.resize(frames);
  out.band_itd_seconds.resize(frames * itd_bands);
  out.band_coherence.resize(frames * itd_bands);

  const scene::RealFft& fft = scene::real_fft_of_size(m);
  std::vector<float> left(w), right(w);
  std::vector<std::complex<double>> spec_l, spec_r, cross(m / 2 + 1), masked(m / 2 + 1);
  std::vector<double> corr;
  const double eps = c.energy_floor;

  // The peak of the normalised cross-correlation over lags within ±max_lag, from bins [k0, k1].
  const auto peak = [&](size_t k0, size_t k1) {
    CorrelationPeak p;
    const double el = band_energy(spec_l, k0, k1, m), er = band_energy(spec_r, k0, k1, m);
    if (el <= eps || er <= eps) return p;  // a silent ear: no delay to measure
    std::fill(masked.begin(), masked.end(), std::complex<double>());
    std::copy(cross.begin() + static_cast<std::ptrdiff_t>(k0), cross.begin() + static_cast<std::ptrdiff_t>(k1) + 1,
              masked.begin() + static_cast<std::ptrdiff_t>(k0));
    fft.inverse(masked, corr);  // corr[τ mod m] = Σ_n l[n]·r[n+τ] at whole-sample lags
    int64_t best = 0;
    for (int64_t lag = -max_lag_; lag <= max_lag_; ++lag)
      if (corr[static_cast<size_t>((lag + static_cast<int64_t>(m)) % static_cast<int64_t>(m))] >
          corr[static_cast<size_t>((best + static_cast<int64_t>(m)) % static_cast<int64_t>(m))])
        best = lag;
    // Band-limited values on a fine grid over [best − 1, best + 1], then the parabola through the
    // finest maximum and its two neighbours: δ = ½(c₋ − c₊)/(c₋ − 2c + c₊).
    constexpr int u = kPeakUpsampling;
    double fine[2 * u + 1];
    int top = u;
    for (int j = 0; j <= 2 * u; ++j) {
      fine[j] = correlation_at(masked, k0, k1, m, static_cast<double>(best) + static_cast<double>(j - u) / u);
      if (fine[j] > fine[top]) top = j;
    }
    double offset = top - u, value = fine[top];
    if (top > 0 && top < 2 * u) {
      const double cm = fine[top - 1], c0 = fine[top], cp = fine[top + 1];
      const double denominator = cm - 2 * c0 + cp;
      if (denominator < 0) {
        const double delta = 0.5 * (cm - cp) / denominator;
        offset += delta;
        value = c0 - 0.25 * (cm - cp) * delta;
      }
    }
    const double lag = std::clamp(static_cast<double>(best) + offset / u, -static_cast<double>(max_lag_),
                                  static_cast<double>(max_lag_));
    p.lag_seconds = static_cast<float>(-lag / c.sample_rate);  // τ > 0: the right ear lags → towards the left
    p.coherence = static_cast<float>(std::min(1.0, value / std::sqrt(el * er)));
    return p;
  };

  const int64_t half = c.frame_length / 2;
  for (size_t f = 0; f < frames; ++f) {
    const int64_t start = (first_frame + static_cast<int64_t>(f)) * c.hop_length - half;
    for (size_t i = 0; i < w; ++i) {
      const int64_t s = start + static_cast<int64_t>(i);
      const bool inside = s >= 0 && s < audio.clip_samples;
      const size_t at = inside ? static_cast<size_t>(s - audio.first_sample) : 0;
      left[i] = inside ? window_[i] * audio.left[at] : 0.0f;
      right[i] = inside ? window_[i] * audio.right[at] : 0.0f;
    }
    fft.forward(left.data(), w, spec_l);  // zero-padded to 2w: even bins are the w-point spectrum
    fft.forward(right.data(), w, spec_r);

    for (size_t b = 0; b < bands; ++b) {
      double el = 0, er = 0;
      for (int64_t k = band_first_bin_[b]; k <= band_last_bin_[b]; ++k) {
        const double g = filterbank_[static_cast<size_t>(k) * bands + b];
        el += g * std::norm(spec_l[static_cast<size_t>(2 * k)]);
        er += g * std::norm(spec_r[static_cast<size_t>(2 * k)]);
      }
      out.ild_db[f * bands + b] = static_cast<float>(10.0 * std::log10((er + eps) / (el + eps)));
      out.left_db[f * bands + b] = static_cast<float>(10.0 * std::log10(el + eps));
      out.right_db[f * bands + b] = static_cast<float>(10.0 * std::log10(er + eps));
    }

    for (size_t k = 0; k < cross.size(); ++k) cross[k] = scene::multiply(std::conj(spec_l[k]), spec_r[k]);
    const CorrelationPeak broadband = peak(0, m / 2);
    out.itd_seconds[f] = broadband.lag_seconds;
    out.coherence[f] = broadband.coherence;
    for (size_t b = 0; b < itd_bands; ++b) {
      const CorrelationPeak p =
          peak(static_cast<size_t>(itd_first_bin_[b]), static_cast<size_t>(itd_last_bin_[b]));
      out.band_itd_seconds[f * itd_bands + b] = p.lag_seconds;
      out.band_coherence[f * itd_bands + b] = p.coherence;
    }
  }
  return out;
}

MidSide mid_side(const float* left, const float* right, int64_t samples) {
  MidSide out;
  out.mid.resize(static_cast<size_t>(std::max<int64_t>(0, samples)));
  out.side.resize(out.mid.size());
  for (size_t i = 0; i < out.mid.size(); ++i) {
    out.mid[i] = 0.5f * (left[i] + right[i]);
    out.side[i] = 0.5f * (left[i] - right[i]);
  }
  return out;
}

}  // namespace gramt::analysis

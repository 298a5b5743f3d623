#include "core/analysis/foa_normalisation_check.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <sstream>

#include "core/scene/real_fft.h"

namespace gramt::analysis {
namespace {

constexpr size_t kFrame = 1024;
constexpr size_t kHop = 512;
constexpr size_t kMaxSamples = 60 * 48000;   // the first minute at the highest common rate
constexpr double kFloor = 1e-3;              // cells within 30 dB of the strongest
constexpr size_t kMinDistinctBins = 128;     // frequencies needed for a verdict
constexpr double kPlaneWaveLike = 0.95;      // cells whose active intensity is this share of |W|·|V|
// SN3D read correctly: 1 (plane wave) to about 1.3 (diffuse field); FuMa as AmbiX: 2 to 2.6; N3D: 3
// to 3.9.
constexpr double kWarnAbove = 1.7;
constexpr double kFumaBelow = 2.8;

}  // namespace

double foa_directional_energy_ratio(const std::vector<std::vector<float>>& channels, audio::FoaFormat declared) {
  const auto ambix = audio::convert_foa(channels, declared, audio::FoaFormat::kAmbiX, "ambisonic normalisation check");
  const size_t length = std::min(ambix[0].size(), kMaxSamples);
  if (length < kFrame) return std::nan("");
  const scene::RealFft fft(kFrame);
  std::vector<float> window(kFrame), frame(kFrame);
  for (size_t i = 0; i < kFrame; ++i) window[i] = static_cast<float>(0.5 - 0.5 * std::cos(2.0 * M_PI * i / kFrame));
  struct Cell {
    double energy, ratio;
    size_t bin;
  };
  std::vector<Cell> cells;
  std::array<std::vector<std::complex<double>>, 4> spectra;
  for (size_t start = 0; start + kFrame <= length; start += kHop) {
    for (size_t c = 0; c < 4; ++c) {
      for (size_t i = 0; i < kFrame; ++i) frame[i] = window[i] * ambix[c][start + i];
      fft.forward(frame.data(), kFrame, spectra[c]);
    }
    for (size_t k = 1; k < fft.bins(); ++k) {  // DC carries no direction
      const double w2 = std::norm(spectra[0][k]);
      const double v2 = std::norm(spectra[1][k]) + std::norm(spectra[2][k]) + std::norm(spectra[3][k]);
      if (!(w2 > 0.0) || !(v2 > 0.0)) continue;
      // Active intensity against |W|·|V|: 1 where the cell is one plane wave (under any of the
      // normalisations), near 0 in standing waves, whose W and V are in quadrature.
      double ix = 0.0, iy = 0.0, iz = 0.0;
      ix = (std::conj(spectra[0][k]) * spectra[3][k]).real();
      iy = (std::conj(spectra[0][k]) * spectra[1][k]).real();
      iz = (std::conj(spectra[0][k]) * spectra[2][k]).real();
      const double in_phase = std::sqrt(ix * ix + iy * iy + iz * iz) / std::sqrt(w2 * v2);
      if (in_phase >= kPlaneWaveLike) cells.push_back({w2 + v2, v2 / w2, k});
    }
  }
  if (cells.empty()) return std::nan("");
  double strongest = 0.0;
  for (const Cell& c : cells) strongest = std::max(strongest, c.energy);
  std::vector<double> ratios;
  std::vector<bool> seen(fft.bins(), false);
  size_t distinct = 0;
  for (const Cell& c : cells)
    if (c.energy >= kFloor * strongest) {
      ratios.push_back(c.ratio);
      if (!seen[c.bin]) seen[c.bin] = true, ++distinct;
    }
  if (distinct < kMinDistinctBins) return std::nan("");
  std::nth_element(ratios.begin(), ratios.begin() + static_cast<std::ptrdiff_t>(ratios.size() / 2), ratios.end());
  return ratios[ratios.size() / 2];
}

std::optional<std::string> foa_normalisation_warning(const std::vector<std::vector<float>>& channels,
                                                     audio::FoaFormat declared, const std::string& what) {
  const double ratio = foa_directional_energy_ratio(channels, declared);
  if (!std::isfinite(ratio) || ratio <= kWarnAbove) return std::nullopt;
  std::ostringstream s;
  s.precision(2);
  s << what << ": read as " << audio::foa_format_name(declared) << ", X+Y+Z carry " << std::fixed << ratio
    << "x the energy of W (median over time-frequency cells; 1 to 1.3 expected), so W looks too weak; is it "
    << (ratio < kFumaBelow ? "FuMa (about 2)" : "N3D (about 3)") << "? Say so with the ambisonic format option";
  return s.str();
}

}  // namespace gramt::analysis

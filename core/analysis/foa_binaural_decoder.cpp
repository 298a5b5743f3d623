#include "core/analysis/foa_binaural_decoder.h"

#include <algorithm>
#include <cmath>

#include "core/common/error.h"
#include "core/scene/fft_convolution.h"
#include "core/scene/fractional_delay.h"

namespace gramt::analysis {
namespace {

constexpr double kDegToRad = 3.14159265358979323846 / 180.0;
// max-rE weight of the first-order harmonics in 3-D: the largest root of the Legendre polynomial P₂.
const double kMaxReWeight = 1.0 / std::sqrt(3.0);
// Samples decoded per step: progress and cancelling move at least this often, and a block's
// transforms stay small.
constexpr size_t kBlockSamples = size_t{1} << 16;

struct UnitVector {
  double x, y, z;
};

UnitVector unit_vector(const VirtualLoudspeaker& s) {
  const double az = s.azimuth_deg * kDegToRad, el = s.elevation_deg * kDegToRad;
  return {std::cos(el) * std::cos(az), std::cos(el) * std::sin(az), std::sin(el)};
}

}  // namespace

const std::vector<VirtualLoudspeaker>& FoaBinauralDecoder::loudspeakers() {
  // Cube corners (±1, ±1, ±1)/√3: elevation atan(1/√2) = 35.26°.
  static const std::vector<VirtualLoudspeaker> cube = [] {
    const double el = std::atan(1.0 / std::sqrt(2.0)) / kDegToRad;
    std::vector<VirtualLoudspeaker> corners;
    for (double e : {el, -el})
      for (double a : {45.0, 135.0, -135.0, -45.0}) corners.push_back({a, e});
    return corners;
  }();
  return cube;
}

std::array<double, 8> FoaBinauralDecoder::loudspeaker_gains(double w, double y, double z, double x) {
  std::array<double, 8> gains{};
  const auto& speakers = loudspeakers();
  const double count = static_cast<double>(speakers.size());
  for (size_t l = 0; l < speakers.size(); ++l) {
    const UnitVector u = unit_vector(speakers[l]);
    gains[l] = (w + 3.0 * kMaxReWeight * (u.x * x + u.y * y + u.z * z)) / count;
  }
  return gains;
}

FoaBinauralDecoder::FoaBinauralDecoder(const scene::HrirSet& hrirs)
    : sample_rate_(hrirs.sample_rate()), hrir_name_(hrirs.name()) {
  const auto& speakers = loudspeakers();
  // The HRIR pairs with their onset delays folded in (fractional: interaural delays are a few samples).
  std::vector<std::array<std::vector<float>, 2>> pairs;
  size_t longest = 0;
  for (const VirtualLoudspeaker& s : speakers) {
    const scene::HrirPair pair = hrirs.lookup(s.azimuth_deg, s.elevation_deg);
    std::array<std::vector<float>, 2> delayed;
    const std::array<const std::vector<float>*, 2> ears{&pair.left, &pair.right};
    const std::array<double, 2> delays{pair.left_delay, pair.right_delay};
    for (size_t ear = 0; ear < 2; ++ear) {
      const double delay = std::max(0.0, delays[ear]);
      const size_t length = ears[ear]->size() +
                            (delay > 0.0 ? static_cast<size_t>(std::ceil(delay)) + scene::kFractionalDelayHalfWidth : 0);
      delayed[ear].assign(length, 0.0f);
      if (delay > 0.0)
        scene::add_delayed(delayed[ear], ears[ear]->data(), ears[ear]->size(), delay, 1.0);
      else
        std::copy(ears[ear]->begin(), ears[ear]->end(), delayed[ear].begin());
      longest = std::max(longest, length);
    }
    pairs.push_back(std::move(delayed));
  }
  if (longest == 0) throw Error("ambisonic binaural decoder: the HRIR set " + hrir_name_ + " has empty responses");
  // Speaker l's share of ambisonic channel k (W, Y, Z, X) is loudspeaker_gains of that channel's unit input.
  for (size_t ear = 0; ear < 2; ++ear)
    for (size_t k = 0; k < 4; ++k) filters_[ear][k].assign(longest, 0.0f);
  for (size_t k = 0; k < 4; ++k) {
    const std::array<double, 8> gains =
        loudspeaker_gains(k == 0 ? 1.0 : 0.0, k == 1 ? 1.0 : 0.0, k == 2 ? 1.0 : 0.0, k == 3 ? 1.0 : 0.0);
    for (size_t l = 0; l < speakers.size(); ++l)
      for (size_t ear = 0; ear < 2; ++ear) {
        const std::vector<float>& h = pairs[l][ear];
        std::vector<float>& filter = filters_[ear][k];
        for (size_t i = 0; i < h.size(); ++i) filter[i] += static_cast<float>(gains[l] * h[i]);
      }
  }
}

std::string FoaBinauralDecoder::description() const {
  return "binaural: 8 virtual loudspeakers on a cube (az ±45°/±135°, el ±35°), max-rE first-order decoder, "
         "HRIRs " +
         hrir_name_;
}

EarSignals FoaBinauralDecoder::decode(const std::vector<std::vector<float>>& ambix, const ProgressSink& progress,
                                      const std::string& what) const {
  if (ambix.size() != 4)
    throw Error(what + ": binaural decoding needs 4 ambisonic channels, got " + std::to_string(ambix.size()));
  const size_t n = ambix[0].size();
  for (const auto& c : ambix)
    if (c.size() != n) throw Error(what + ": the 4 ambisonic channels differ in length");
  EarSignals ears;
  ears.left.assign(n, 0.0f);
  ears.right.assign(n, 0.0f);
  const size_t taps = filters_[0][0].size();
  // Overlap-add: each block's full convolution (block + taps − 1 samples) lands at the block's start.
  std::vector<float> block;
  for (size_t begin = 0; begin < n; begin += kBlockSamples) {
    progress.checkpoint();
    progress.report(static_cast<double>(begin) / static_cast<double>(n), "binaural decoding");
    const size_t end = std::min(n, begin + kBlockSamples);
    const size_t reach = std::min(n - begin, end - begin + taps - 1);
    for (size_t k = 0; k < 4; ++k) {
      block.assign(ambix[k].begin() + static_cast<std::ptrdiff_t>(begin),
                   ambix[k].begin() + static_cast<std::ptrdiff_t>(end));
      const auto out = scene::convolve_truncated_each(block, {filters_[0][k], filters_[1][k]}, reach);
      for (size_t i = 0; i < reach; ++i) {
        ears.left[begin + i] += out[0][i];
        ears.right[begin + i] += out[1][i];
      }
    }
  }
  progress.checkpoint();
  progress.report(1.0, "binaural decoding");
  return ears;
}

}  // namespace gramt::analysis

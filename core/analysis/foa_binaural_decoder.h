#pragma once
// Binaural playback of first-order ambisonics (AmbiX: W, Y, Z, X; SN3D) for headphones, through a set
// of head-related impulse responses (the MIT KEMAR set by default).
//
// Decoder: 8 virtual loudspeakers on the corners of a cube (azimuth ±45° and ±135°, elevation
// ±35.26°), a spherical 3-design, so sampling the first-order harmonics there is exact (no
// pseudo-inverse needed). Each speaker l at unit direction u_l gets
//     s_l = (1/8) · (W + 3·g₁·(u_l · [X, Y, Z]))        (SN3D input; 3 = 2n+1 of the N3D projection)
// with max-rE weighting g₁ = 1/√3 (the largest root of P₂): energy concentrates towards the source
// instead of the basic decoder's strong out-of-phase rear lobe, which the ears hear as blur. A plane
// wave's speaker gains sum to 1, so W's level is kept. Every speaker feed is convolved with the HRIR
// pair of its direction (with the set's onset delays) and the ears summed. The cube's lower corners
// (−35°) lie inside the KEMAR set's range (down to −40°).
//
// Since the decoder is linear, the 8 speakers fold into one filter per ear and ambisonic channel
// (8 convolutions in all), computed once.
#include <array>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/scene/hrir_set.h"

namespace gramt::analysis {

// The KEMAR set the workbench listens through (Debian's libmysofa data).
constexpr const char* kKemarSofaPath = "/usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa";

struct VirtualLoudspeaker {
  double azimuth_deg = 0.0, elevation_deg = 0.0;
};

struct EarSignals {
  std::vector<float> left, right;
};

class FoaBinauralDecoder {
 public:
  // `hrirs` at the rate of the audio to decode.
  explicit FoaBinauralDecoder(const scene::HrirSet& hrirs);

  // The cube's 8 corners.
  static const std::vector<VirtualLoudspeaker>& loudspeakers();
  // The speaker gains of the decoder for one AmbiX sample (W, Y, Z, X): what speaker l plays.
  static std::array<double, 8> loudspeaker_gains(double w, double y, double z, double x);
  // One line for the user: the layout, the weighting and the HRIR set.
  std::string description() const;
  int sample_rate() const { return sample_rate_; }

  // Ear signals of AmbiX channels (4, equal length), as long as the input (the reverberant tail of
  // the HRIRs past the end is dropped). Works in blocks: reports progress and throws
  // gramt::Cancelled within one block's time of a cancel. Throws gramt::Error naming `what` when
  // there are not 4 equal-length channels.
  EarSignals decode(const std::vector<std::vector<float>>& ambix, const ProgressSink& progress,
                    const std::string& what) const;

 private:
  int sample_rate_ = 0;
  std::string hrir_name_;
  // [ear][ambisonic channel]: Σ over the speakers of gain · HRIR.
  std::array<std::array<std::vector<float>, 4>, 2> filters_;
};

}  // namespace gramt::analysis

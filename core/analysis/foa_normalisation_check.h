#pragma once
// Does a 4-channel file's normalisation match what the user declared? FuMa or N3D audio read as AmbiX
// is the usual mistake: it leaves W too weak against X, Y, Z by 2× (FuMa's W is scaled by 1/√2) or 3×
// (N3D's first order is √3 × SN3D) in every time–frequency cell, whatever the sound field.
//
// The statistic: per STFT cell (1024-sample Hann frames, hop 512) the energy ratio
// (|X|² + |Y|² + |Z|²) / |W|² read in the declared format, and its median over the cells within 30 dB
// of the strongest. With the right declaration a plane wave gives 1 and an isotropic diffuse field
// gives a median of about 1.3. Whole-file energies cannot be used: a tonal sound in a room forms
// standing waves, and at the microphone X, Y, Z can then carry more energy than W. That is why the
// check needs a spread of frequencies. Sounds with fewer than 48 distinct frequency bins above the
// floor give no verdict.
#include <optional>
#include <string>
#include <vector>

#include "core/audio/ambisonic_format.h"

namespace gramt::analysis {

// The median ratio above, or NaN when the file gives no verdict (silence, too few frequencies).
// Reads at most the first 60 s.
double foa_directional_energy_ratio(const std::vector<std::vector<float>>& channels, audio::FoaFormat declared);

// One line naming `what` when that ratio says W is too weak for the declared normalisation (above
// 1.7), suggesting FuMa or N3D; nullopt otherwise.
std::optional<std::string> foa_normalisation_warning(const std::vector<std::vector<float>>& channels,
                                                     audio::FoaFormat declared, const std::string& what);

}  // namespace gramt::analysis

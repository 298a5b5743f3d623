#pragma once
// The reference's 7-channel front end for first-order ambisonic (FOA) audio in W, X, Y, Z order:
// four log-mel channels (one per FOA channel) followed by three acoustic-intensity-vector channels
// (X, Y, Z) projected onto the same mel filterbank without log compression (model spec §1.4, §9.17).
#include <torch/types.h>

#include "core/features/log_mel.h"

namespace gramt::features {

// The reference's energy floor and log offset inside the ambisonic extractor (fixed, unlike the
// two-channel paths' offsets).
constexpr float kAmbisonicEpsilon = 1e-6f;

// foa: (4, L) float32, channels W, X, Y, Z. Returns (7, T, n_mels) time-major like LogMel, using
// `logmel`'s window, filterbank and STFT settings (its log offset is not used: see above).
torch::Tensor ambisonic_features(const LogMel& logmel, const torch::Tensor& foa);

}  // namespace gramt::features

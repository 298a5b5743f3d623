#include "core/features/ambisonic_features.h"

#include "core/common/error.h"

namespace gramt::features {

torch::Tensor ambisonic_features(const LogMel& logmel, const torch::Tensor& foa) {
  if (foa.dim() != 2 || foa.size(0) != 4)
    throw Error("ambisonic features: need 4 channels (W, X, Y, Z), got shape " + c10::str(foa.sizes()));
  const torch::Tensor spec = logmel.spectrum(foa);  // (4, F, T) complex
  const torch::Tensor fb = logmel.filterbank().to(foa.device());
  const torch::Tensor power = spec.abs().pow(2.0);  // (4, F, T)
  const torch::Tensor log_mels = torch::log(torch::matmul(power.transpose(-1, -2), fb) + kAmbisonicEpsilon);
  // Intensity I_c = 2·Re(conj(S_W)·S_c) for c = X, Y, Z, normalised by the total energy of all
  // four channels (the reference has no 1/3 factor despite its comment).
  const torch::Tensor w = spec[0];
  const torch::Tensor intensity = 2.0 * torch::real(torch::conj(w).unsqueeze(0) * spec.slice(0, 1, 4));  // (3, F, T)
  const torch::Tensor energy = kAmbisonicEpsilon + power.sum(0);  // (F, T)
  const torch::Tensor vectors = torch::matmul((intensity / energy).transpose(-1, -2), fb);  // (3, T, mels)
  return torch::cat({log_mels, vectors}, 0);
}

}  // namespace gramt::features

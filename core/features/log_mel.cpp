#include "core/features/log_mel.h"

#include <torch/nn/functional/padding.h>

#include <cmath>

#include "core/common/error.h"

namespace gramt::features {

int64_t frames_for_samples(int64_t samples, int hop_length) { return 1 + samples / hop_length; }

torch::Tensor hann_window_periodic(int n_fft) {
  return torch::hann_window(n_fft, /*periodic=*/true, torch::TensorOptions().dtype(torch::kFloat32));
}

torch::Tensor htk_mel_filterbank(const LogMelConfig& c) {
  // Same float32 op sequence as torchaudio's melscale_fbanks (HTK, no norm), so the weights agree
  // bit for bit; the mel end points are computed in double like Python's math module does.
  const int n_freqs = c.n_fft / 2 + 1;
  const double f_max = c.f_max < 0 ? c.sample_rate / 2 : c.f_max;
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
  const torch::Tensor all_freqs = torch::linspace(0, c.sample_rate / 2, n_freqs, f32);
  const double m_min = 2595.0 * std::log10(1.0 + c.f_min / 700.0);
  const double m_max = 2595.0 * std::log10(1.0 + f_max / 700.0);
  const torch::Tensor m_pts = torch::linspace(m_min, m_max, c.n_mels + 2, f32);
  const torch::Tensor f_pts = 700.0 * (torch::pow(10.0, m_pts / 2595.0) - 1.0);
  const torch::Tensor f_diff = f_pts.slice(0, 1) - f_pts.slice(0, 0, -1);
  const torch::Tensor slopes = f_pts.unsqueeze(0) - all_freqs.unsqueeze(1);
  const torch::Tensor down = (-1.0 * slopes.slice(1, 0, -2)) / f_diff.slice(0, 0, -1);
  const torch::Tensor up = slopes.slice(1, 2) / f_diff.slice(0, 1);
  return torch::clamp_min(torch::min(down, up), 0.0);
}

LogMel::LogMel(LogMelConfig config)
    : config_(config), window_(hann_window_periodic(config.n_fft)), filterbank_(htk_mel_filterbank(config)) {}

void LogMel::set_buffers(torch::Tensor window, torch::Tensor filterbank) {
  if (window.dim() != 1 || window.size(0) != config_.n_fft)
    throw Error("log-mel: stored window has the wrong shape (expected " + std::to_string(config_.n_fft) + ")");
  if (filterbank.dim() != 2 || filterbank.size(0) != config_.n_fft / 2 + 1 || filterbank.size(1) != config_.n_mels)
    throw Error("log-mel: stored mel filterbank has the wrong shape");
  window_ = window.to(torch::kFloat32).contiguous();
  filterbank_ = filterbank.to(torch::kFloat32).contiguous();
}

torch::Tensor LogMel::spectrum(const torch::Tensor& waveform) const {
  const int64_t length = waveform.size(-1);
  const int pad = config_.n_fft / 2;
  if (length <= pad)
    throw Error("log-mel: audio of " + std::to_string(length) + " samples is too short (needs more than " +
                std::to_string(pad) + " for reflect padding)");
  auto lead_shape = waveform.sizes().vec();
  lead_shape.pop_back();
  const torch::Tensor flat = waveform.reshape({-1, 1, length}).to(torch::kFloat32);
  namespace F = torch::nn::functional;
  // Centre the frames the way torch.stft(center=True, pad_mode="reflect") does.
  const torch::Tensor padded = F::pad(flat, F::PadFuncOptions({pad, pad}).mode(torch::kReflect)).squeeze(1);
  const torch::Tensor window = window_.to(waveform.device());
  const torch::Tensor spec = torch::stft(padded, config_.n_fft, config_.hop_length, config_.n_fft, window,
                                         /*normalized=*/false, /*onesided=*/true, /*return_complex=*/true);
  lead_shape.push_back(spec.size(1));
  lead_shape.push_back(spec.size(2));
  return spec.reshape(lead_shape);
}

torch::Tensor LogMel::mel_power(const torch::Tensor& waveform) const {
  const torch::Tensor power = spectrum(waveform).abs().pow(2.0);  // (..., n_fft/2+1, T)
  return torch::matmul(power.transpose(-1, -2), filterbank_.to(waveform.device()));  // (..., T, mels)
}

torch::Tensor LogMel::operator()(const torch::Tensor& waveform) const {
  return torch::log(mel_power(waveform) + config_.log_offset);
}

std::vector<float> log_mel_of(const std::vector<float>& signal, const LogMelConfig& config, int64_t* frames_out) {
  LogMel logmel(config);
  torch::Tensor wave = torch::from_blob(const_cast<float*>(signal.data()), {static_cast<int64_t>(signal.size())},
                                        torch::TensorOptions().dtype(torch::kFloat32));
  torch::Tensor out = logmel(wave).contiguous();
  if (frames_out != nullptr) *frames_out = out.size(0);
  return std::vector<float>(out.data_ptr<float>(), out.data_ptr<float>() + out.numel());
}

}  // namespace gramt::features

#pragma once
// The log-mel front end, identical to torchaudio's MelSpectrogram as GRAM-T configures it:
// n_fft 1024, hop 320, periodic Hann, centred with reflect padding, power 2, HTK mel scale,
// f_min 50 Hz, f_max sr/2, 128 mels, no filter normalisation, filterbank built in float32.
#include <torch/types.h>

#include <vector>

namespace gramt::features {

// log offsets: the HEAR path uses float32 machine epsilon, pretraining uses 1e-5.
constexpr float kHearLogOffset = 1.1920928955078125e-07f;
constexpr float kTrainLogOffset = 1e-5f;

struct LogMelConfig {
  int sample_rate = 32000;
  int n_fft = 1024;
  int hop_length = 320;
  double f_min = 50.0;
  double f_max = -1.0;  // < 0: sample_rate / 2
  int n_mels = 128;
  float log_offset = kHearLogOffset;
};

// Frames produced for `samples` input samples: 1 + samples / hop (centre padding).
int64_t frames_for_samples(int64_t samples, int hop_length = 320);

// The periodic Hann window and the (n_fft/2+1) × n_mels HTK filterbank, float32 as torchaudio builds them.
torch::Tensor hann_window_periodic(int n_fft);
torch::Tensor htk_mel_filterbank(const LogMelConfig& config);

class LogMel {
 public:
  explicit LogMel(LogMelConfig config = {});

  // Use the buffers stored in a checkpoint instead of the computed ones (bit-exact parity).
  void set_buffers(torch::Tensor window, torch::Tensor filterbank);

  // waveform (..., L) float32 → complex STFT (..., n_fft/2+1, T), centred with reflect padding.
  torch::Tensor spectrum(const torch::Tensor& waveform) const;
  // waveform (..., L) float32 → mel power (..., T, n_mels), time-major like the reference.
  torch::Tensor mel_power(const torch::Tensor& waveform) const;
  // log(mel + log_offset), (..., T, n_mels).
  torch::Tensor operator()(const torch::Tensor& waveform) const;

  const LogMelConfig& config() const { return config_; }
  const torch::Tensor& window() const { return window_; }
  const torch::Tensor& filterbank() const { return filterbank_; }

 private:
  LogMelConfig config_;
  torch::Tensor window_;
  torch::Tensor filterbank_;
};

// Convenience for callers that hold plain vectors (the GUI, tests): one channel → T × n_mels,
// row-major, log(mel + log_offset).
std::vector<float> log_mel_of(const std::vector<float>& signal, const LogMelConfig& config, int64_t* frames_out);

}  // namespace gramt::features

#pragma once
// One block of the multi-window masked-autoencoder (MW-MAE) decoder, with the reference's names:
// norm1 → wmha (qkv, per-head relative-position tables attn_heads.i.*, proj) → norm2 → mlp (fc1, fc2).
// Head i attends within consecutive windows of window_sizes[i] tokens (0 = globally).
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/types.h>

#include <vector>

namespace gramt::model {

class WindowedHeadImpl : public torch::nn::Module {
 public:
  explicit WindowedHeadImpl(int window);
  // (N, N) additive bias: the relative-position bias inside a window, −inf across windows.
  torch::Tensor bias(int64_t tokens, const torch::Device& device);

 private:
  int window_;
  torch::Tensor table_;  // (2w−1, 1) learned
  torch::Tensor index_;  // (w, w) int64: i − j + w − 1
};
TORCH_MODULE(WindowedHead);

class WindowedMultiHeadAttentionImpl : public torch::nn::Module {
 public:
  WindowedMultiHeadAttentionImpl(int dim, const std::vector<int>& window_sizes);
  torch::Tensor forward(const torch::Tensor& x);  // (B, N, D)

 private:
  int dim_, heads_;
  std::vector<int> windows_;
  torch::nn::Linear qkv_{nullptr}, proj_{nullptr};
  std::vector<WindowedHead> windowed_heads_;  // one per head with window > 0, in head order
};
TORCH_MODULE(WindowedMultiHeadAttention);

class DecoderMlpImpl : public torch::nn::Module {
 public:
  DecoderMlpImpl(int dim, int hidden);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Linear fc1_{nullptr}, fc2_{nullptr};
};
TORCH_MODULE(DecoderMlp);

class MwmaeBlockImpl : public torch::nn::Module {
 public:
  MwmaeBlockImpl(int dim, const std::vector<int>& window_sizes, double mlp_ratio);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::LayerNorm norm1_{nullptr}, norm2_{nullptr};
  WindowedMultiHeadAttention wmha_{nullptr};
  DecoderMlp mlp_{nullptr};
};
TORCH_MODULE(MwmaeBlock);

}  // namespace gramt::model

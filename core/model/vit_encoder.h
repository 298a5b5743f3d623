#pragma once
// The ViT encoder with torchvision's Encoder semantics and parameter names: pre-LN blocks with a
// packed in-projection multi-head attention, exact-erf GELU MLP, final LayerNorm (eps 1e-6).
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/types.h>

#include <vector>

#include "core/model/model_config.h"

namespace gramt::model {

// nn.MultiheadAttention's layout: in_proj_weight (3D × D) packs q, k, v; out_proj is a Linear.
class PackedSelfAttentionImpl : public torch::nn::Module {
 public:
  PackedSelfAttentionImpl(int dim, int heads);
  torch::Tensor forward(const torch::Tensor& x);  // (B, N, D)

 private:
  int dim_, heads_;
  torch::Tensor in_proj_weight_, in_proj_bias_;
  torch::nn::Linear out_proj_{nullptr};
};
TORCH_MODULE(PackedSelfAttention);

class EncoderMlpImpl : public torch::nn::Module {
 public:
  EncoderMlpImpl(int dim, int hidden);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Linear fc_in_{nullptr}, fc_out_{nullptr};  // named "0" and "3" like torchvision's MLPBlock
};
TORCH_MODULE(EncoderMlp);

class EncoderBlockImpl : public torch::nn::Module {
 public:
  EncoderBlockImpl(int dim, int heads, int mlp_dim, double ln_eps);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::LayerNorm ln_1_{nullptr}, ln_2_{nullptr};
  PackedSelfAttention self_attention_{nullptr};
  EncoderMlp mlp_{nullptr};
};
TORCH_MODULE(EncoderBlock);

class VitEncoderImpl : public torch::nn::Module {
 public:
  explicit VitEncoderImpl(const ModelConfig& config);
  // x (B, L, D) with positions already added; runs the first `blocks` blocks (all if < 0), then ln.
  torch::Tensor forward(torch::Tensor x, int blocks = -1);
  // A layer sweep: ln of the output after each of `block_counts` blocks (each in 0..depth), from
  // one pass through the blocks, in the order asked.
  std::vector<torch::Tensor> forward_at(torch::Tensor x, const std::vector<int>& block_counts);
  const torch::Tensor& pos_embedding() const { return pos_embedding_; }
  int depth() const { return static_cast<int>(blocks_.size()); }

 private:
  torch::Tensor pos_embedding_;  // (1, N+1, D), fixed sin-cos, stored in checkpoints
  std::vector<EncoderBlock> blocks_;
  torch::nn::LayerNorm ln_{nullptr};
};
TORCH_MODULE(VitEncoder);

}  // namespace gramt::model

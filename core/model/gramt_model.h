#pragma once
// GRAM-T: spectrogram LayerNorm → patch embedding → sin-cos positions → ViT encoder (torchvision
// semantics) → optional MW-MAE decoder for masked reconstruction. Parameter names follow the
// reference state dict exactly so official weights load by name.
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <optional>

#include "core/model/model_config.h"
#include "core/model/mwmae_block.h"
#include "core/model/strategy.h"
#include "core/model/vit_encoder.h"

namespace gramt::model {

struct MaeOutput {
  torch::Tensor pred;    // (B, N, patch_dim) decoder predictions for every patch
  torch::Tensor target;  // (B, N, patch_dim) patches of the normalised input
  torch::Tensor loss;    // scalar: in_channels · mean squared error over masked patches
};

class GramtModelImpl : public torch::nn::Module {
 public:
  explicit GramtModelImpl(const ModelConfig& config);

  const ModelConfig& config() const { return config_; }

  // logmel (B, C, input_tdim, F) → normalised (B, C, F, input_tdim) (LayerNorm over C·F·T per example).
  torch::Tensor normalise(const torch::Tensor& logmel) const;
  // Encoder output (B, 1 + N_visible, D). mask (B, N) bool, true = masked (dropped); undefined = none.
  // blocks < 0 runs every block; k ≥ 0 runs the first k (the reference's layers[:k], -1 → all but last
  // is expressed by passing layers-1).
  torch::Tensor encode(const torch::Tensor& logmel, const torch::Tensor& mask = {}, int blocks = -1);
  // Per-chunk representation: raw (B, grid_t, grid_f·D) or mean/sum/cls (B, D).
  torch::Tensor representation(const torch::Tensor& logmel, Strategy strategy, std::optional<int> layer = std::nullopt);
  // A layer sweep: the representation after each of `layers` blocks (0..depth; beyond is an error)
  // from one encoder pass.
  std::vector<torch::Tensor> representations(const torch::Tensor& logmel, Strategy strategy, const std::vector<int>& layers);
  int depth() const;  // encoder blocks
  // Masked-autoencoder pass: predictions, targets and the masked MSE loss.
  MaeOutput forward_mae(const torch::Tensor& logmel, const torch::Tensor& mask);

  // Patch targets: (B, C, F, T) normalised spectrogram → (B, N, C·fshape·tshape), same token order.
  torch::Tensor patchify(const torch::Tensor& normalised) const;

  // Every parameter and buffer under the reference's state-dict name (no prefix), in a stable order.
  std::vector<std::pair<std::string, torch::Tensor>> state_dict() const;
  // The front-end buffers (periodic Hann window, mel filterbank) stored with the weights.
  torch::Tensor window() const { return window_; }
  torch::Tensor filterbank() const { return filterbank_; }

 private:
  torch::Tensor decode(const torch::Tensor& encoded, const torch::Tensor& mask);
  // CLS and patch tokens with positions, before the encoder blocks.
  torch::Tensor encoder_input(const torch::Tensor& logmel, const torch::Tensor& mask);
  // Encoder output (B, 1+N, D) → the strategy's representation.
  torch::Tensor apply_strategy(const torch::Tensor& out, Strategy strategy) const;

  ModelConfig config_;
  torch::nn::Conv2d patch_proj_{nullptr};
  torch::Tensor cls_token_, mask_token_, decoder_pos_embed_;
  VitEncoder encoder_{nullptr};
  torch::nn::Linear decoder_embed_{nullptr};
  std::vector<MwmaeBlock> decoder_blocks_;
  torch::nn::LayerNorm decoder_norm_{nullptr};
  torch::nn::Linear spec_pred_{nullptr};
  torch::Tensor window_, filterbank_;
};
TORCH_MODULE(GramtModel);

}  // namespace gramt::model

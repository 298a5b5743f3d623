#include "core/model/vit_encoder.h"

#include <algorithm>

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/linear.h>
#include <torch/nn/init.h>

#include <cmath>

#include "core/common/error.h"

#include "core/model/attention.h"
#include "core/model/linear_kernel.h"
#include "core/model/pos_embed.h"

namespace gramt::model {

PackedSelfAttentionImpl::PackedSelfAttentionImpl(int dim, int heads) : dim_(dim), heads_(heads) {
  in_proj_weight_ = register_parameter("in_proj_weight", torch::empty({3 * dim, dim}));
  in_proj_bias_ = register_parameter("in_proj_bias", torch::zeros({3 * dim}));
  out_proj_ = register_module("out_proj", torch::nn::Linear(dim, dim));
  torch::nn::init::xavier_uniform_(in_proj_weight_);
}

torch::Tensor PackedSelfAttentionImpl::forward(const torch::Tensor& x) {
  const int64_t b = x.size(0), n = x.size(1);
  const int64_t head_dim = dim_ / heads_;
  // (B, N, 3D) → (3, B, H, N, hd): rows 0..D-1 of the packed weight give q, then k, then v.
  const torch::Tensor qkv = linear_forward(x, in_proj_weight_, in_proj_bias_)
                                .view({b, n, 3, heads_, head_dim})
                                .permute({2, 0, 3, 1, 4});
  const torch::Tensor out = scaled_attention(qkv[0], qkv[1], qkv[2], {});  // (B, H, N, hd)
  return linear_forward(out.transpose(1, 2).reshape({b, n, dim_}), out_proj_->weight, out_proj_->bias);
}

EncoderMlpImpl::EncoderMlpImpl(int dim, int hidden) {
  fc_in_ = register_module("0", torch::nn::Linear(dim, hidden));
  fc_out_ = register_module("3", torch::nn::Linear(hidden, dim));
}

torch::Tensor EncoderMlpImpl::forward(const torch::Tensor& x) {
  const torch::Tensor hidden = torch::gelu(linear_forward(x, fc_in_->weight, fc_in_->bias));
  return linear_forward(hidden, fc_out_->weight, fc_out_->bias);
}

EncoderBlockImpl::EncoderBlockImpl(int dim, int heads, int mlp_dim, double ln_eps) {
  ln_1_ = register_module("ln_1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(ln_eps)));
  self_attention_ = register_module("self_attention", PackedSelfAttention(dim, heads));
  ln_2_ = register_module("ln_2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(ln_eps)));
  mlp_ = register_module("mlp", EncoderMlp(dim, mlp_dim));
}

torch::Tensor EncoderBlockImpl::forward(const torch::Tensor& x) {
  torch::Tensor h = x + self_attention_(ln_1_(x));
  return h + mlp_(ln_2_(h));
}

VitEncoderImpl::VitEncoderImpl(const ModelConfig& c) {
  const auto& e = c.encoder;
  pos_embedding_ = register_parameter("pos_embedding", sincos_pos_embed_2d(e.dim, c.grid_f(), c.grid_t(), true),
                                      /*requires_grad=*/false);
  auto layers = register_module("layers", std::make_shared<torch::nn::Module>());
  for (int i = 0; i < e.layers; ++i)
    blocks_.push_back(layers->register_module("encoder_layer_" + std::to_string(i),
                                              EncoderBlock(e.dim, e.heads, e.mlp_dim, e.ln_eps)));
  ln_ = register_module("ln", torch::nn::LayerNorm(torch::nn::LayerNormOptions({e.dim}).eps(e.ln_eps)));
}

torch::Tensor VitEncoderImpl::forward(torch::Tensor x, int blocks) {
  const int n = blocks < 0 ? depth() : std::min(blocks, depth());
  for (int i = 0; i < n; ++i) x = blocks_[static_cast<size_t>(i)]->forward(x);
  return ln_(x);
}

std::vector<torch::Tensor> VitEncoderImpl::forward_at(torch::Tensor x, const std::vector<int>& block_counts) {
  std::vector<torch::Tensor> out(block_counts.size());
  int deepest = 0;
  for (int count : block_counts) {
    if (count < 0 || count > depth())
      throw Error("layer " + std::to_string(count) + " is beyond the encoder's depth (" + std::to_string(depth()) +
                  " blocks: layers 0 to " + std::to_string(depth()) + ")");
    deepest = std::max(deepest, count);
  }
  for (int done = 0;; ++done) {
    for (size_t k = 0; k < block_counts.size(); ++k)
      if (block_counts[k] == done) out[k] = ln_(x);
    if (done == deepest) break;
    x = blocks_[static_cast<size_t>(done)]->forward(x);
  }
  return out;
}

}  // namespace gramt::model

#include "core/model/mwmae_block.h"


#include <cmath>
#include <limits>

#include "core/model/attention.h"
#include "core/model/linear_kernel.h"

namespace gramt::model {
namespace {

// Truncated normal by inverse-CDF sampling (LibTorch 1.13's C++ init has no trunc_normal_).
void truncated_normal_(torch::Tensor t, double mean, double std, double lo, double hi) {
  torch::NoGradGuard no_grad;
  auto cdf = [](double x) { return 0.5 * (1.0 + std::erf(x / std::sqrt(2.0))); };
  const double a = cdf((lo - mean) / std), b = cdf((hi - mean) / std);
  t.uniform_(2 * a - 1, 2 * b - 1).erfinv_().mul_(std * std::sqrt(2.0)).add_(mean).clamp_(lo, hi);
}

}  // namespace

WindowedHeadImpl::WindowedHeadImpl(int window) : window_(window) {
  table_ = register_parameter("relative_position_bias_table", torch::zeros({2 * window - 1, 1}));
  truncated_normal_(table_, 0.0, 0.02, -2.0, 2.0);
  const torch::Tensor pos = torch::arange(window, torch::kInt64);
  index_ = register_buffer("relative_position_index", pos.unsqueeze(1) - pos.unsqueeze(0) + (window - 1));
}

torch::Tensor WindowedHeadImpl::bias(int64_t tokens, const torch::Device& device) {
  // Instead of cutting the sequence into windows per head (a loop over heads and windows), every
  // head attends over all N tokens with −inf outside its block-diagonal window: all heads of a
  // block then share one batched matmul, and the softmax weights are identical.
  //
  // Built from views and copies only (no index_select / advanced indexing): their backward is an
  // index_add / accumulating index_put whose sums run in a scheduling-dependent order with several
  // threads, so two identical runs drifted apart in the last bits. within[i][j] = table[i - j + w - 1]
  // (index_) is row i of the table's sliding windows read backwards; the (N, N) grid tiles it
  // (token i sits at i mod w in its window).
  const torch::Tensor within = table_.view({-1}).unfold(0, window_, 1).flip({1});
  const int64_t tiles = (tokens + window_ - 1) / window_;
  const torch::Tensor values = within.repeat({tiles, tiles}).slice(0, 0, tokens).slice(1, 0, tokens);
  const torch::Tensor pos = torch::arange(tokens, torch::TensorOptions().dtype(torch::kInt64).device(device));
  const torch::Tensor block = pos.div(window_, "floor");
  const torch::Tensor same_window = block.unsqueeze(1) == block.unsqueeze(0);
  return torch::where(same_window, values,
                      torch::full({}, -std::numeric_limits<float>::infinity(), values.options()));
}

WindowedMultiHeadAttentionImpl::WindowedMultiHeadAttentionImpl(int dim, const std::vector<int>& window_sizes)
    : dim_(dim), heads_(static_cast<int>(window_sizes.size())), windows_(window_sizes) {
  qkv_ = register_module("qkv", torch::nn::Linear(dim, 3 * dim));
  auto heads = register_module("attn_heads", std::make_shared<torch::nn::Module>());
  for (size_t i = 0; i < window_sizes.size(); ++i)
    if (window_sizes[i] > 0) windowed_heads_.push_back(heads->register_module(std::to_string(i), WindowedHead(window_sizes[i])));
  proj_ = register_module("proj", torch::nn::Linear(dim, dim));
}

torch::Tensor WindowedMultiHeadAttentionImpl::forward(const torch::Tensor& x) {
  const int64_t b = x.size(0), n = x.size(1);
  const int64_t head_dim = dim_ / heads_;
  const torch::Tensor qkv = linear_forward(x, qkv_->weight, qkv_->bias).view({b, n, 3, heads_, head_dim}).permute({2, 0, 3, 1, 4});
  std::vector<torch::Tensor> biases;
  size_t next = 0;
  const torch::Tensor zero = torch::zeros({n, n}, x.options());
  for (int w : windows_) biases.push_back(w > 0 ? windowed_heads_[next++]->bias(n, x.device()).to(x.dtype()) : zero);
  const torch::Tensor bias = torch::stack(biases).unsqueeze(0);  // (1, H, N, N)
  const torch::Tensor out = scaled_attention(qkv[0], qkv[1], qkv[2], bias);
  return linear_forward(out.transpose(1, 2).reshape({b, n, dim_}), proj_->weight, proj_->bias);
}

DecoderMlpImpl::DecoderMlpImpl(int dim, int hidden) {
  fc1_ = register_module("fc1", torch::nn::Linear(dim, hidden));
  fc2_ = register_module("fc2", torch::nn::Linear(hidden, dim));
}

torch::Tensor DecoderMlpImpl::forward(const torch::Tensor& x) {
  return linear_forward(torch::gelu(linear_forward(x, fc1_->weight, fc1_->bias)), fc2_->weight, fc2_->bias);
}

MwmaeBlockImpl::MwmaeBlockImpl(int dim, const std::vector<int>& window_sizes, double mlp_ratio) {
  norm1_ = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-5)));
  wmha_ = register_module("wmha", WindowedMultiHeadAttention(dim, window_sizes));
  norm2_ = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-5)));
  mlp_ = register_module("mlp", DecoderMlp(dim, static_cast<int>(dim * mlp_ratio)));
}

torch::Tensor MwmaeBlockImpl::forward(const torch::Tensor& x) {
  torch::Tensor h = x + wmha_(norm1_(x));
  return h + mlp_(norm2_(h));
}

}  // namespace gramt::model

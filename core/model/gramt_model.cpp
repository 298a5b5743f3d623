#include "core/model/gramt_model.h"

#include <torch/nn/functional/normalization.h>
#include <torch/nn/init.h>

#include "core/common/error.h"
#include "core/features/log_mel.h"
#include "core/model/pos_embed.h"

namespace gramt::model {
namespace {

// Reference initialisation: every Linear xavier-uniform with zero bias (overriding library defaults).
void init_linear_layers(torch::nn::Module& root) {
  torch::NoGradGuard no_grad;
  for (auto& m : root.modules(/*include_self=*/false)) {
    if (auto* linear = m->as<torch::nn::Linear>()) {
      torch::nn::init::xavier_uniform_(linear->weight);
      if (linear->bias.defined()) linear->bias.zero_();
    }
  }
}

}  // namespace

GramtModelImpl::GramtModelImpl(const ModelConfig& config) : config_(config) {
  config_.validate();
  const auto& c = config_;
  const int d = c.encoder.dim;
  cls_token_ = register_parameter("cls_token", torch::randn({1, 1, d}));
  auto patch_embed = register_module("patch_embed", std::make_shared<torch::nn::Module>());
  patch_proj_ = patch_embed->register_module(
      "proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(c.in_channels, d, {c.patching.fshape, c.patching.tshape})
                                    .stride({c.patching.fstride, c.patching.tstride})));
  encoder_ = register_module("encoder", VitEncoder(c));

  const int dd = c.decoder.dim;
  mask_token_ = register_buffer("mask_token", torch::randn({1, 1, dd}) * 0.02);
  decoder_pos_embed_ = register_buffer("decoder_pos_embed", sincos_pos_embed_2d(dd, c.grid_f(), c.grid_t(), false));
  decoder_embed_ = register_module("decoder_embed", torch::nn::Linear(d, dd));
  auto blocks = register_module("decoder_blocks", std::make_shared<torch::nn::Module>());
  for (int i = 0; i < c.decoder.depth; ++i)
    decoder_blocks_.push_back(
        blocks->register_module(std::to_string(i), MwmaeBlock(dd, c.decoder.window_sizes, c.decoder.mlp_ratio)));
  decoder_norm_ = register_module("decoder_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dd}).eps(1e-5)));
  auto spec_pred = register_module("spec_pred", std::make_shared<torch::nn::Module>());
  spec_pred_ = spec_pred->register_module("0", torch::nn::Linear(dd, c.patch_dim()));

  // The reference keeps its log-mel front end inside the model; its buffers travel with the weights.
  features::LogMelConfig mel;
  mel.sample_rate = c.sample_rate;
  mel.n_mels = c.num_mel_bins;
  auto melspec = register_module("melspec", std::make_shared<torch::nn::Module>());
  window_ = melspec->register_module("spectrogram", std::make_shared<torch::nn::Module>())
                ->register_buffer("window", features::hann_window_periodic(mel.n_fft));
  filterbank_ = melspec->register_module("mel_scale", std::make_shared<torch::nn::Module>())
                    ->register_buffer("fb", features::htk_mel_filterbank(mel));
  init_linear_layers(*this);
}

torch::Tensor GramtModelImpl::normalise(const torch::Tensor& logmel) const {
  if (logmel.dim() != 4 || logmel.size(1) != config_.in_channels || logmel.size(2) != config_.input_tdim ||
      logmel.size(3) != config_.num_mel_bins)
    throw Error("model input must be (B, " + std::to_string(config_.in_channels) + ", " +
                std::to_string(config_.input_tdim) + ", " + std::to_string(config_.num_mel_bins) + "), got " +
                c10::str(logmel.sizes()));
  const torch::Tensor x = logmel.transpose(2, 3);  // (B, C, F, T)
  namespace F = torch::nn::functional;
  return F::layer_norm(x, F::LayerNormFuncOptions({x.size(1), x.size(2), x.size(3)}).eps(1e-5));
}

torch::Tensor GramtModelImpl::patchify(const torch::Tensor& x) const {
  const auto& p = config_.patching;
  const int64_t b = x.size(0);
  return x.unfold(2, p.fshape, p.fstride)
      .unfold(3, p.tshape, p.tstride)          // (B, C, gf, gt, fshape, tshape)
      .permute({0, 2, 3, 1, 4, 5})             // (B, gf, gt, C, fshape, tshape)
      .reshape({b, config_.num_patches(), config_.patch_dim()});
}

torch::Tensor GramtModelImpl::encoder_input(const torch::Tensor& logmel, const torch::Tensor& mask) {
  const torch::Tensor x = normalise(logmel);
  const torch::Tensor& pos = encoder_->pos_embedding();
  torch::Tensor tokens = patch_proj_(x).flatten(2).transpose(1, 2);  // (B, N, D), frequency-major
  tokens = tokens + pos.slice(1, 1);
  const int64_t b = tokens.size(0), d = tokens.size(2);
  if (mask.defined()) {
    const torch::Tensor visible = mask.logical_not();
    tokens = tokens.index({visible}).reshape({b, -1, d});
  }
  const torch::Tensor cls = (cls_token_ + pos.slice(1, 0, 1)).expand({b, 1, d});
  return torch::cat({cls, tokens}, 1);
}

torch::Tensor GramtModelImpl::encode(const torch::Tensor& logmel, const torch::Tensor& mask, int blocks) {
  return encoder_->forward(encoder_input(logmel, mask), blocks);
}

int GramtModelImpl::depth() const { return encoder_->depth(); }

torch::Tensor GramtModelImpl::representation(const torch::Tensor& logmel, Strategy strategy, std::optional<int> layer) {
  int blocks = -1;
  if (layer) {
    // The reference slices layers[:layer] with Python semantics: negative counts from the end.
    const int depth = encoder_->depth();
    blocks = *layer >= 0 ? std::min(*layer, depth) : std::max(0, depth + *layer);
  }
  return apply_strategy(encode(logmel, {}, blocks), strategy);  // (B, 1+N, D) in
}

std::vector<torch::Tensor> GramtModelImpl::representations(const torch::Tensor& logmel, Strategy strategy,
                                                           const std::vector<int>& layers) {
  std::vector<torch::Tensor> out = encoder_->forward_at(encoder_input(logmel, {}), layers);
  for (torch::Tensor& t : out) t = apply_strategy(t, strategy);
  return out;
}

torch::Tensor GramtModelImpl::apply_strategy(const torch::Tensor& out, Strategy strategy) const {
  const torch::Tensor patches = out.slice(1, 1);
  switch (strategy) {
    case Strategy::Mean: return patches.mean(1);
    case Strategy::Sum: return patches.sum(1);
    case Strategy::Cls: return out.select(1, 0);
    case Strategy::Raw: {
      const int64_t b = out.size(0), d = out.size(2);
      return patches.reshape({b, config_.grid_f(), config_.grid_t(), d})
          .permute({0, 2, 1, 3})
          .reshape({b, config_.grid_t(), config_.grid_f() * d});
    }
  }
  throw Error("unknown strategy");
}

torch::Tensor GramtModelImpl::decode(const torch::Tensor& encoded, const torch::Tensor& mask) {
  const torch::Tensor e = decoder_embed_(encoded).slice(1, 1);  // the CLS output is not decoded
  const int64_t b = e.size(0), n = config_.num_patches(), dd = e.size(2);
  torch::Tensor x = mask_token_.to(e.dtype()).expand({b, n, dd});
  const torch::Tensor visible = mask.logical_not().unsqueeze(-1).expand({b, n, dd});
  x = x.masked_scatter(visible, e);  // visible tokens in row-major order, as the encoder kept them
  x = x + decoder_pos_embed_;
  for (auto& block : decoder_blocks_) x = block->forward(x);
  return spec_pred_(decoder_norm_(x));
}

MaeOutput GramtModelImpl::forward_mae(const torch::Tensor& logmel, const torch::Tensor& mask) {
  if (mask.dim() != 2 || mask.size(0) != logmel.size(0) || mask.size(1) != config_.num_patches())
    throw Error("mask must be (B, " + std::to_string(config_.num_patches()) + ") booleans");
  const torch::Tensor m = mask.to(torch::kBool);
  MaeOutput out;
  out.pred = decode(encode(logmel, m), m);
  out.target = patchify(normalise(logmel));
  const torch::Tensor per_patch = (out.pred - out.target).pow(2).mean(-1);  // (B, N)
  const torch::Tensor weights = m.to(per_patch.dtype());
  out.loss = config_.in_channels * (per_patch * weights).sum() / weights.sum();
  return out;
}

std::vector<std::pair<std::string, torch::Tensor>> GramtModelImpl::state_dict() const {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& p : named_parameters(/*recurse=*/true)) out.emplace_back(p.key(), p.value());
  for (const auto& b : named_buffers(/*recurse=*/true)) out.emplace_back(b.key(), b.value());
  return out;
}

}  // namespace gramt::model

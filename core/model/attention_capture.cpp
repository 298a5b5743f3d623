#include "core/model/attention_capture.h"

#include <torch/nn/functional/padding.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/normalization.h>

#include <cmath>

#include "core/common/error.h"
#include "core/model/linear_kernel.h"
#include "core/model/onednn_matmul.h"

namespace gramt::model {
namespace {

// The model's submodules and parameters by their state-dict names (stable: checkpoints depend on them).
template <typename T>
T* submodule(const torch::OrderedDict<std::string, std::shared_ptr<torch::nn::Module>>& modules, const std::string& name) {
  const auto* found = modules.find(name);
  T* typed = found ? (*found)->as<T>() : nullptr;
  if (!typed) throw Error("attention capture: the model has no module '" + name + "'");
  return typed;
}

torch::Tensor parameter(const torch::OrderedDict<std::string, torch::Tensor>& params, const std::string& name) {
  const auto* found = params.find(name);
  if (!found) throw Error("attention capture: the model has no parameter '" + name + "'");
  return *found;
}

}  // namespace

AttentionMaps capture_attention(const GramtModel& model, const torch::Tensor& chunk, torch::Tensor* encoder_output) {
  const ModelConfig& c = model->config();
  if (!chunk.defined() || chunk.dim() != 3 || chunk.size(0) != c.in_channels || chunk.size(1) != c.input_tdim ||
      chunk.size(2) != c.num_mel_bins)
    throw Error("attention capture: the chunk must be HEAR log-mel (" + std::to_string(c.in_channels) + ", " +
                std::to_string(c.input_tdim) + ", " + std::to_string(c.num_mel_bins) + "), got " +
                (chunk.defined() ? c10::str(chunk.sizes()) : std::string("nothing")));
  torch::NoGradGuard no_grad;
  const auto modules = model->named_modules("", /*include_self=*/false);
  const auto params = model->named_parameters(/*recurse=*/true);
  const torch::Tensor cls_token = parameter(params, "cls_token");
  const torch::Tensor pos = parameter(params, "encoder.pos_embedding");

  // The encoder input exactly as GramtModel::encode builds it (no mask at inference).
  const torch::Tensor x = model->normalise(chunk.unsqueeze(0).to(cls_token.device(), torch::kFloat32));
  torch::Tensor tokens = submodule<torch::nn::Conv2dImpl>(modules, "patch_embed.proj")->forward(x);
  tokens = tokens.flatten(2).transpose(1, 2) + pos.slice(1, 1);  // (1, N, D), frequency-major
  torch::Tensor h = torch::cat({cls_token + pos.slice(1, 0, 1), tokens}, 1);

  const int64_t n = h.size(1), d = c.encoder.dim, heads = c.encoder.heads, head_dim = d / heads;
  AttentionMaps maps;
  maps.layers = c.encoder.layers;
  maps.heads = heads;
  maps.tokens = n;
  maps.grid_rows = c.grid_f();
  maps.grid_cols = c.grid_t();
  maps.has_cls = true;
  maps.patch_seconds = static_cast<double>(c.patching.tshape) / 100.0;  // hop = sample_rate / 100: 10 ms frames
  maps.patch_mel_bands = c.patching.fshape;
  maps.weights.resize(static_cast<size_t>(maps.layers * heads * n * n));

  const double scale = 1.0 / std::sqrt(static_cast<double>(head_dim));
  for (int64_t l = 0; l < maps.layers; ++l) {
    const std::string prefix = "encoder.layers.encoder_layer_" + std::to_string(l);
    const torch::Tensor a = submodule<torch::nn::LayerNormImpl>(modules, prefix + ".ln_1")->forward(h);
    const torch::Tensor w_in = parameter(params, prefix + ".self_attention.in_proj_weight");
    const torch::Tensor b_in = parameter(params, prefix + ".self_attention.in_proj_bias");
    // Rows 0..D-1 of the packed projection give q, rows D..2D-1 give k; v is not needed.
    // The model's own product kernels: LibTorch 1.13's batched matmul loops over heads in small GEMMs.
    const torch::Tensor qk = linear_forward(a[0], w_in.slice(0, 0, 2 * d), b_in.slice(0, 0, 2 * d));
    const torch::Tensor q = qk.slice(1, 0, d).view({n, heads, head_dim}).transpose(0, 1);  // (H, N, hd)
    const torch::Tensor k = qk.slice(1, d, 2 * d).view({n, heads, head_dim}).transpose(0, 1);
    const torch::Tensor weights = torch::softmax(onednn_matmul(q * scale, k.transpose(1, 2)), -1)
                                      .to(torch::kCPU, torch::kFloat32)
                                      .contiguous();
    std::copy(weights.data_ptr<float>(), weights.data_ptr<float>() + weights.numel(),
              maps.weights.begin() + static_cast<std::ptrdiff_t>(l * heads * n * n));
    h = submodule<EncoderBlockImpl>(modules, prefix)->forward(h);
  }
  if (encoder_output) *encoder_output = submodule<torch::nn::LayerNormImpl>(modules, "encoder.ln")->forward(h)[0];
  return maps;
}

int64_t hear_chunk_count(int64_t frames, int tdim) {
  if (frames < 0 || tdim <= 0) throw Error("hear chunks: frames must be >= 0 and tdim > 0");
  return (frames + (tdim - frames % tdim)) / tdim;  // the reference always pads, a whole chunk at exact multiples
}

torch::Tensor hear_chunk(const torch::Tensor& logmel, int64_t index, int tdim) {
  if (!logmel.defined() || logmel.dim() != 3) throw Error("hear chunks: log-mel must be (C, T, F)");
  const int64_t frames = logmel.size(1);
  if (index < 0 || index >= hear_chunk_count(frames, tdim))
    throw Error("hear chunks: chunk " + std::to_string(index) + " is out of range (clip has " +
                std::to_string(hear_chunk_count(frames, tdim)) + ")");
  const int64_t start = index * tdim, end = std::min(frames, start + tdim);
  const torch::Tensor part = logmel.slice(1, start, end);
  namespace F = torch::nn::functional;
  return F::pad(part, F::PadFuncOptions({0, 0, 0, tdim - (end - start)}));  // zeros in the log domain
}

}  // namespace gramt::model

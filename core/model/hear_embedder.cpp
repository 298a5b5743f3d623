#include "core/model/hear_embedder.h"

#include <torch/nn/functional/padding.h>

#include "core/audio/channel_policy.h"
#include "core/common/error.h"
#include "core/features/ambisonic_features.h"

namespace gramt::model {
namespace {

features::LogMelConfig mel_config_for(const ModelConfig& c, float log_offset) {
  features::LogMelConfig m;
  m.sample_rate = c.sample_rate;
  m.n_mels = c.num_mel_bins;
  m.log_offset = log_offset;
  return m;
}

// One clip's chunks: features (C, T_padded, F) and how its outputs are trimmed.
struct ChunkedClip {
  torch::Tensor padded;  // (C, n_chunks·tdim, F)
  int64_t frames = 0;    // real frames T
  int64_t pad = 0;       // frames of log-domain zero padding appended (1 … tdim)
  int64_t chunks = 0;
  int64_t samples = 0;
};

ChunkedClip chunk_features(const torch::Tensor& logmel, int64_t samples, int tdim) {
  ChunkedClip c;
  c.frames = logmel.size(1);
  // The reference always pads, by a whole extra chunk when T is a multiple of the chunk length.
  c.pad = tdim - c.frames % tdim;
  c.chunks = (c.frames + c.pad) / tdim;
  c.samples = samples;
  namespace F = torch::nn::functional;
  c.padded = F::pad(logmel, F::PadFuncOptions({0, 0, 0, c.pad}));  // zeros in the log domain
  return c;
}

}  // namespace

torch::Tensor reference_timestamps(int64_t samples, int sample_rate, int64_t n) {
  const double step = static_cast<double>(samples) / sample_rate / static_cast<double>(n);
  return (torch::arange(n, torch::TensorOptions().dtype(torch::kFloat64)) * step * 1000.0).to(torch::kFloat32);
}

HearEmbedder::HearEmbedder(GramtModel model, EmbedOptions options)
    : model_(std::move(model)), options_(options), logmel_(mel_config_for(model_->config(), options.log_offset)) {
  model_->to(options_.device);
  model_->eval();
  if (options_.precision == ComputePrecision::bf16 && options_.device.is_cpu())
    bf16_weights_ = std::make_shared<Bf16WeightCache>();
  if (options_.precision == ComputePrecision::int8 && options_.device.is_cpu())
    int8_weights_ = std::make_shared<Int8WeightCache>();
}

HearEmbedder::HearEmbedder(GramtModel model, EmbedOptions options, torch::Tensor window, torch::Tensor filterbank)
    : HearEmbedder(std::move(model), options) {
  if (window.defined() && filterbank.defined()) logmel_.set_buffers(window, filterbank);
}

int HearEmbedder::sample_rate() const { return model_->config().sample_rate; }

int HearEmbedder::timestamp_embedding_size() const {
  const auto& c = model_->config();
  return options_.strategy == Strategy::Raw ? c.raw_embedding_dim() : c.encoder.dim;
}

torch::Tensor HearEmbedder::features(const audio::AudioBuffer& audio, const std::string& what) const {
  const auto& c = model_->config();
  if (audio.sample_rate != c.sample_rate)
    throw Error(what + ": sample rate " + std::to_string(audio.sample_rate) + " Hz, the model needs " +
                std::to_string(c.sample_rate) + " Hz (resample first)");
  if (audio.frames() == 0) throw Error(what + ": no samples");
  if (c.in_channels == 7) return ambisonic_features_of(audio, what);
  const auto channels = audio::select_model_channels(audio, c.in_channels, what);
  if (static_cast<int64_t>(channels.signals[0].size()) <= logmel_.config().n_fft / 2)
    throw Error(what + ": " + std::to_string(channels.signals[0].size()) + " samples is too short (need more than " +
                std::to_string(logmel_.config().n_fft / 2) + ")");
  std::vector<torch::Tensor> computed;
  for (const auto& s : channels.signals) {
    const torch::Tensor wave = torch::from_blob(const_cast<float*>(s.data()), {static_cast<int64_t>(s.size())},
                                                torch::TensorOptions().dtype(torch::kFloat32));
    computed.push_back(logmel_(wave.to(options_.device)));
  }
  std::vector<torch::Tensor> per_channel;
  for (int src : channels.source_of_channel) per_channel.push_back(computed[static_cast<size_t>(src)]);
  return torch::stack(per_channel);  // (C, T, F)
}

torch::Tensor HearEmbedder::ambisonic_features_of(const audio::AudioBuffer& audio, const std::string& what) const {
  const auto foa = audio::select_ambisonic_channels(audio, what);
  const auto samples = static_cast<int64_t>(foa[0].size());
  if (samples <= logmel_.config().n_fft / 2)
    throw Error(what + ": " + std::to_string(samples) + " samples is too short (need more than " +
                std::to_string(logmel_.config().n_fft / 2) + ")");
  torch::Tensor wave = torch::empty({4, samples}, torch::TensorOptions().dtype(torch::kFloat32));
  for (int64_t ch = 0; ch < 4; ++ch)
    std::copy(foa[static_cast<size_t>(ch)].begin(), foa[static_cast<size_t>(ch)].end(), wave[ch].data_ptr<float>());
  return features::ambisonic_features(logmel_, wave.to(options_.device));  // (7, T, F)
}

ClipEmbeddings HearEmbedder::embed(const audio::AudioBuffer& audio, const std::string& what, const ProgressSink& progress) {
  return std::move(embed_many({audio}, {what}, progress).front());
}

std::vector<ClipEmbeddings> HearEmbedder::embed_many(const std::vector<audio::AudioBuffer>& clips,
                                                     const std::vector<std::string>& names, const ProgressSink& progress) {
  return std::move(embed_many_at({options_.layer}, clips, names, progress).front());
}

std::vector<std::vector<ClipEmbeddings>> HearEmbedder::embed_many_at_layers(const std::vector<int>& layers,
                                                                           const std::vector<audio::AudioBuffer>& clips,
                                                                           const std::vector<std::string>& names,
                                                                           const ProgressSink& progress) {
  if (layers.empty()) throw Error("a layer sweep needs at least one layer");
  for (int layer : layers)
    if (layer < 0 || layer > model_->depth())
      throw Error("layer " + std::to_string(layer) + " is beyond the model's depth (" + std::to_string(model_->depth()) +
                  " encoder blocks: layers 0 to " + std::to_string(model_->depth()) + ")");
  return embed_many_at(std::vector<std::optional<int>>(layers.begin(), layers.end()), clips, names, progress);
}

std::vector<std::vector<ClipEmbeddings>> HearEmbedder::embed_many_at(const std::vector<std::optional<int>>& layers,
                                                                    const std::vector<audio::AudioBuffer>& clips,
                                                                    const std::vector<std::string>& names,
                                                                    const ProgressSink& progress) {
  const auto& c = model_->config();
  const int tdim = c.input_tdim;
  torch::NoGradGuard no_grad;
  // Work through the clips in groups so that at most a few batches of features are alive at once:
  // long files stream chunk by chunk, short clips share forward passes.
  const size_t layer_count = layers.size();
  std::vector<std::vector<ClipEmbeddings>> results(layer_count, std::vector<ClipEmbeddings>(clips.size()));
  std::vector<ChunkedClip> chunked(clips.size());
  // outputs[layer][clip]: the clip's chunk representations so far.
  std::vector<std::vector<std::vector<torch::Tensor>>> outputs(layer_count, std::vector<std::vector<torch::Tensor>>(clips.size()));
  int64_t total_chunks = 0, done_chunks = 0;

  // (clip, chunk) work list, filled clip by clip as features are computed.
  struct Item { size_t clip; int64_t chunk; };
  std::vector<Item> pending;
  auto finish_clip = [&](size_t i) {
    const ChunkedClip& cc = chunked[i];
    for (size_t l = 0; l < layer_count; ++l) {
      torch::Tensor rows;
      if (options_.strategy == Strategy::Raw) {
        rows = torch::cat(outputs[l][i], 0);  // (chunks·grid_t, grid_f·D)
        const int64_t trim = c.grid_t() * cc.pad / tdim;
        rows = rows.slice(0, 0, rows.size(0) - trim);
      } else {
        rows = torch::stack(outputs[l][i]);  // (chunks, D): the reference keeps even an all-padding chunk
      }
      rows = rows.to(torch::kCPU).contiguous();
      results[l][i].timestamp_embeddings = rows;
      results[l][i].scene = rows.mean(0);
      results[l][i].timestamps = reference_timestamps(cc.samples, c.sample_rate, rows.size(0));
      outputs[l][i].clear();
    }
    chunked[i].padded = torch::Tensor();
  };
  auto run_batch = [&](size_t count) {
    std::vector<torch::Tensor> inputs;
    for (size_t k = 0; k < count; ++k) {
      const Item& it = pending[k];
      inputs.push_back(chunked[it.clip].padded.slice(1, it.chunk * tdim, (it.chunk + 1) * tdim));
    }
    const Bf16MatmulScope bf16(bf16_weights_ != nullptr, bf16_weights_);
    const Int8LinearScope int8(int8_weights_ != nullptr, int8_weights_);
    std::vector<torch::Tensor> out;
    if (layer_count == 1) {
      out.push_back(model_->representation(torch::stack(inputs), options_.strategy, layers.front()));
    } else {  // a sweep: every layer from one pass through the blocks
      std::vector<int> counts;
      for (const std::optional<int>& layer : layers) counts.push_back(layer.value_or(model_->depth()));
      out = model_->representations(torch::stack(inputs), options_.strategy, counts);
    }
    for (size_t k = 0; k < count; ++k) {
      const Item& it = pending[k];
      for (size_t l = 0; l < layer_count; ++l) outputs[l][it.clip].push_back(out[l][static_cast<int64_t>(k)]);
      if (static_cast<int64_t>(outputs[0][it.clip].size()) == chunked[it.clip].chunks) finish_clip(it.clip);
    }
    pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(count));
    done_chunks += static_cast<int64_t>(count);
    progress.report(total_chunks > 0 ? static_cast<double>(done_chunks) / static_cast<double>(total_chunks) : 1.0, "embedding");
    progress.checkpoint();
  };
  const size_t batch = static_cast<size_t>(std::max(1, options_.chunk_batch));
  for (size_t i = 0; i < clips.size(); ++i) {
    progress.checkpoint();
    const std::string what = i < names.size() ? names[i] : "clip " + std::to_string(i);
    chunked[i] = chunk_features(features(clips[i], what), clips[i].frames(), tdim);
    total_chunks += chunked[i].chunks;
    for (int64_t k = 0; k < chunked[i].chunks; ++k) {
      pending.push_back({i, k});
      if (pending.size() == batch) run_batch(batch);
    }
  }
  while (!pending.empty()) run_batch(std::min(batch, pending.size()));
  return results;
}

}  // namespace gramt::model

// LibTorch first: Qt's `slots` macro (pulled in by the panel's header) breaks its headers.
#include <c10/util/Exception.h>
#include <torch/torch.h>

#include "core/audio/audio_file.h"
#include "core/audio/resample.h"
#include "core/common/error.h"
#include "core/model/attention_capture.h"
#include "core/model/hear_embedder.h"
#include "core/hub/hub_weights.h"
#include "core/model/weights.h"

#include "app/workbench/attention_job.h"

#include <algorithm>

namespace gramt::workbench {

struct AttentionComputer::Loaded {
  QString weights_path, config_path;
  model::ModelConfig config;
  std::unique_ptr<model::HearEmbedder> embedder;
};

AttentionComputer::AttentionComputer() = default;
AttentionComputer::~AttentionComputer() = default;

AttentionResult AttentionComputer::compute(const AttentionRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  AttentionResult result;
  result.weights_path = request.weights_path;
  result.clip_path = request.clip_path;
  try {
    if (request.weights_path.isEmpty()) throw Error("choose a model (a weights file or a run's checkpoint)");
    if (request.clip_path.isEmpty()) throw Error("choose a clip");
    if (!loaded_ || loaded_->weights_path != request.weights_path || loaded_->config_path != request.config_path) {
      auto fresh = std::make_unique<Loaded>();
      // hf://org/name@commit (a published model in the hub cache) becomes its cached file.
      const hub::ResolvedWeights weights = hub::resolve_weights_argument(request.weights_path.toStdString());
      model::LoadedModel m = model::load_model(weights.path, request.config_path.toStdString());
      fresh->config = m.config;
      m.model->eval();
      fresh->embedder = std::make_unique<model::HearEmbedder>(m.model, model::EmbedOptions{}, m.window, m.filterbank);
      fresh->weights_path = request.weights_path;
      fresh->config_path = request.config_path;
      loaded_ = std::move(fresh);
    }
    const model::ModelConfig& config = loaded_->config;
    audio::AudioBuffer clip = audio::read_audio(request.clip_path.toStdString());
    if (clip.sample_rate != config.sample_rate) clip = audio::resample(clip, config.sample_rate);
    const torch::NoGradGuard no_grad;
    const torch::Tensor logmel = loaded_->embedder->features(clip, request.clip_path.toStdString());  // (C, T, F)
    const int64_t chunks = model::hear_chunk_count(logmel.size(1), config.input_tdim);
    if (request.chunk < 0 || request.chunk >= chunks)
      throw Error(request.clip_path.toStdString() + ": chunk " + std::to_string(request.chunk) + " of " +
                  std::to_string(chunks) + " does not exist");
    const torch::Tensor chunk = model::hear_chunk(logmel, request.chunk, config.input_tdim).contiguous();
    result.maps = model::capture_attention(loaded_->embedder->model(), chunk);
    result.heads = model::summarise_heads(result.maps);
    result.frames = static_cast<int>(chunk.size(1));
    result.bins = static_cast<int>(chunk.size(2));
    for (int64_t c = 0; c < chunk.size(0); ++c) {
      const torch::Tensor channel = chunk[c].contiguous();
      result.chunk_levels.emplace_back(channel.data_ptr<float>(), channel.data_ptr<float>() + channel.numel());
    }
    result.chunk_count = static_cast<int>(chunks);
    result.chunk = request.chunk;
    result.frames_per_patch = config.patching.tshape;
    result.bins_per_patch = config.patching.fshape;
    result.sample_rate = config.sample_rate;
    result.clip_seconds = static_cast<double>(clip.frames()) / clip.sample_rate;
    // The chunk's samples, for "play chunk" and "play patch": 10-ms frames at the model's hop.
    const int64_t hop = config.sample_rate / 100;
    const int64_t first = static_cast<int64_t>(request.chunk) * config.input_tdim * hop;
    const int64_t last = std::min<int64_t>(first + static_cast<int64_t>(config.input_tdim) * hop, clip.frames());
    for (const auto& channel : clip.channels)
      result.chunk_audio.emplace_back(channel.begin() + std::min<int64_t>(first, clip.frames()), channel.begin() + std::max(first, last));
    result.model_text = QStringLiteral("%1 layers × %2 heads · %3 patching %4×%5 · %6 input channels")
                            .arg(result.maps.layers)
                            .arg(result.maps.heads)
                            .arg(QString::fromStdString(config.patching.name))
                            .arg(config.patching.fshape)
                            .arg(config.patching.tshape)
                            .arg(config.in_channels);
  } catch (const Error& e) {
    result.error = QString::fromStdString(e.what());
  } catch (const c10::Error& e) {
    result.error = QString::fromStdString(e.what_without_backtrace());
  } catch (const std::exception& e) {
    result.error = QString::fromStdString(e.what());
  }
  return result;
}

}  // namespace gramt::workbench

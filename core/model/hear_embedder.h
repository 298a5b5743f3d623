#pragma once
// The HEAR embedding API on top of GramtModel: audio → 200-frame chunks → per-chunk representations
// → timestamp and scene embeddings, chunking exactly as the reference RuntimeGRAMT does (including
// its padding quirks). Chunks of many clips are batched together; long audio is streamed chunk by
// chunk so memory stays bounded.
#include <optional>
#include <vector>

#include "core/audio/audio_buffer.h"
#include "core/common/progress.h"
#include "core/features/log_mel.h"
#include "core/model/bf16_matmul_scope.h"
#include "core/model/compute_precision.h"
#include "core/model/gramt_model.h"
#include "core/model/int8_linear_scope.h"

namespace gramt::model {

struct EmbedOptions {
  Strategy strategy = Strategy::Raw;
  std::optional<int> layer;             // stop after this many blocks (reference `layer` option)
  float log_offset = features::kHearLogOffset;
  int chunk_batch = 8;                  // 200-frame chunks per forward pass
  torch::Device device = torch::kCPU;
  // bf16: the encoder's products multiply in bf16 on the CPU; int8: its linear layers run as int8
  // products on the CPU (choose_cpu_precision decides whether the CPU should); other devices ignore it.
  ComputePrecision precision = ComputePrecision::fp32;
};

struct ClipEmbeddings {
  torch::Tensor timestamp_embeddings;  // (T', D') float32, CPU
  torch::Tensor timestamps;            // (T') milliseconds, float32, CPU
  torch::Tensor scene;                 // (D') float32, CPU: mean over T' of the timestamp embeddings
};

class HearEmbedder {
 public:
  HearEmbedder(GramtModel model, EmbedOptions options);
  HearEmbedder(GramtModel model, EmbedOptions options, torch::Tensor window, torch::Tensor filterbank);

  // HEAR-path log-mel (C_model, T, F) of one clip at the model's sample rate, after the channel policy.
  torch::Tensor features(const audio::AudioBuffer& audio, const std::string& what = "audio") const;

  // One clip (must already be at the model's sample rate; channel policy applied inside).
  ClipEmbeddings embed(const audio::AudioBuffer& audio, const std::string& what = "audio",
                       const ProgressSink& progress = {});
  // Many clips; chunks from different clips share forward passes.
  std::vector<ClipEmbeddings> embed_many(const std::vector<audio::AudioBuffer>& clips,
                                         const std::vector<std::string>& names, const ProgressSink& progress = {});
  // A layer sweep: [layer][clip] embeddings after each of `layers` encoder blocks (0..depth; beyond
  // is an error naming the depth), from one forward pass per batch of chunks.
  std::vector<std::vector<ClipEmbeddings>> embed_many_at_layers(const std::vector<int>& layers,
                                                                const std::vector<audio::AudioBuffer>& clips,
                                                                const std::vector<std::string>& names,
                                                                const ProgressSink& progress = {});

  int timestamp_embedding_size() const;
  int scene_embedding_size() const { return timestamp_embedding_size(); }
  int sample_rate() const;
  int encoder_depth() const { return model_->depth(); }
  const EmbedOptions& options() const { return options_; }
  GramtModel& model() { return model_; }
  const GramtModel& model() const { return model_; }

 private:
  // 7-channel models: FOA (or mono copied to W, X, Y, Z) through the ambisonic extractor.
  // embed_many (one optional layer, the options' own) and embed_many_at_layers in one.
  std::vector<std::vector<ClipEmbeddings>> embed_many_at(const std::vector<std::optional<int>>& layers,
                                                         const std::vector<audio::AudioBuffer>& clips,
                                                         const std::vector<std::string>& names, const ProgressSink& progress);
  torch::Tensor ambisonic_features_of(const audio::AudioBuffer& audio, const std::string& what) const;

  GramtModel model_;
  EmbedOptions options_;
  features::LogMel logmel_;
  std::shared_ptr<Bf16WeightCache> bf16_weights_;  // with bf16: each weight converted once, not per batch
  std::shared_ptr<Int8WeightCache> int8_weights_;  // with int8: each weight quantised once, not per batch
};

// Reference timestamps: i · (L / sr) / n · 1000 ms for i = 0 … n-1.
torch::Tensor reference_timestamps(int64_t samples, int sample_rate, int64_t n);

}  // namespace gramt::model

#pragma once
// ClipEmbedder on top of the GRAM-T HEAR embedder (core/model/hear_embedder.h), and the options
// that pick a model and its embedding settings for embed-tasks / evaluate.
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/eval/tasks/clip_embedder.h"
#include "core/model/hear_embedder.h"
#include "core/eval/settings/evaluation_defaults.h"

namespace gramt::eval::tasks {

struct HearModelOptions {
  std::string weights_path;
  std::string config_path;    // empty: the config stored in / inferred from the weights
  std::string strategy = defaults::kStrategy;  // raw | mean | sum | cls
  std::optional<int> layer;
  int chunk_batch = defaults::kChunkBatch;
  bool strict = true;
  torch::Device device = torch::kCPU;
  model::ComputePrecision precision = model::ComputePrecision::fp32;  // bf16: CPU products in bf16 (EmbedOptions)
  // From --model-options: the kit's key/value pairs (name the folder like the kits do) and the channel
  // count the options promise (checked against the weights).
  std::vector<std::pair<std::string, std::string>> kit_options;
  std::optional<int> in_channels;
};

// The embeddings folder name for these options, built like the kit's `<module><options>`:
// "<weights stem>-strategy=<s>[-layer=<n>]"; with --model-options exactly the kits' name,
// "<hear_configs.GRAMT | hear_configs.GRAMTTime (by patching)>-<key>=<value>...".
std::string default_model_tag(const HearModelOptions& options, const std::string& patching_name = "frame");

// What embeddings made with these options depend on, for the runner's resume manifest
// (embed_tasks.h): the weights' and config's hashes, strategy, layer, precision and the kit's options.
nlohmann::ordered_json embedding_manifest(const HearModelOptions& options, const std::string& weights_sha256,
                                          const std::string& config_sha256 = "");

// Applies a --model-options JSON object (kit_model_options.h): strategy, layer and in_channels override
// the options' own; the pairs name the folder. Empty text changes nothing.
void apply_kit_model_options(const std::string& json_text, HearModelOptions& options);

class HearClipEmbedder : public ClipEmbedder {
 public:
  explicit HearClipEmbedder(model::HearEmbedder embedder) : embedder_(std::move(embedder)) {}
  // Loads the weights (and config) and builds the embedder; errors name the files.
  static std::unique_ptr<HearClipEmbedder> open(const HearModelOptions& options);

  int sample_rate() const override { return embedder_.sample_rate(); }
  int model_channels() const override;
  std::vector<ClipEmbedding> embed_many(const std::vector<audio::AudioBuffer>& clips,
                                        const std::vector<std::string>& names,
                                        const ProgressSink& progress) override;
  int encoder_depth() const override;
  std::vector<std::vector<ClipEmbedding>> embed_many_at_layers(const std::vector<int>& layers,
                                                               const std::vector<audio::AudioBuffer>& clips,
                                                               const std::vector<std::string>& names,
                                                               const ProgressSink& progress) override;
  model::HearEmbedder& embedder() { return embedder_; }

 private:
  model::HearEmbedder embedder_;
};

}  // namespace gramt::eval::tasks

#include "core/eval/tasks/initial_weights_embedder.h"

#include <filesystem>

#include <torch/torch.h>

#include "core/common/error.h"
#include "core/eval/tasks/model_tag.h"
#include "core/model/model_config.h"
#include "core/model/strategy.h"

namespace gramt::eval::tasks {

std::unique_ptr<HearClipEmbedder> open_initial_weights(const HearModelOptions& options, uint64_t seed) {
  if (options.config_path.empty()) throw Error("initial weights: give the model config (--model-config)");
  const model::ModelConfig config = model::load_model_config(options.config_path);
  model::EmbedOptions embed;
  embed.strategy = model::parse_strategy(options.strategy);
  embed.layer = options.layer;
  embed.chunk_batch = options.chunk_batch;
  embed.device = options.device;
  // The same order as a fresh training run: seed, then build.
  torch::manual_seed(seed);
  model::GramtModel model(config);
  return std::make_unique<HearClipEmbedder>(model::HearEmbedder(model, embed));
}

std::string initial_weights_tag(const HearModelOptions& options, uint64_t seed) {
  const std::filesystem::path config(options.config_path);
  std::string name = config.stem().string();
  if (name == "config" && !config.parent_path().filename().empty()) name = config.parent_path().filename().string();
  std::vector<std::pair<std::string, std::string>> settings = {{"seed", std::to_string(seed)}, {"strategy", options.strategy}};
  if (options.layer) settings.emplace_back("layer", std::to_string(*options.layer));
  return model_tag("initial-" + name, settings);
}

}  // namespace gramt::eval::tasks

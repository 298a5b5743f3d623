#include "core/eval/tasks/hear_clip_embedder.h"

#include <filesystem>

#include <c10/util/Exception.h>

#include "core/common/error.h"
#include "core/eval/tasks/kit_model_options.h"
#include "core/eval/tasks/model_tag.h"
#include "core/model/strategy.h"
#include "core/train/run_folder.h"
#include "core/model/weights.h"

namespace gramt::eval::tasks {

namespace {

std::vector<float> to_vector(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kCPU).to(torch::kFloat32).contiguous();
  const float* p = c.data_ptr<float>();
  return std::vector<float>(p, p + c.numel());
}

}  // namespace

nlohmann::ordered_json embedding_manifest(const HearModelOptions& options, const std::string& weights_sha256,
                                          const std::string& config_sha256) {
  nlohmann::ordered_json m = nlohmann::ordered_json::object();
  m["weights_sha256"] = weights_sha256;
  if (!config_sha256.empty()) m["model_config_sha256"] = config_sha256;
  m["strategy"] = options.strategy;
  m["layer"] = options.layer ? std::to_string(*options.layer) : std::string("last");
  m["precision"] = model::precision_name(options.precision);
  for (const auto& [key, value] : options.kit_options) m["model_option " + key] = value;
  if (options.in_channels) m["in_channels"] = std::to_string(*options.in_channels);
  return m;
}

std::string default_model_tag(const HearModelOptions& options, const std::string& patching_name) {
  if (!options.kit_options.empty()) return model_tag(kit_module_name(patching_name), options.kit_options);
  std::vector<std::pair<std::string, std::string>> settings = {{"strategy", options.strategy}};
  if (options.layer) settings.emplace_back("layer", std::to_string(*options.layer));
  // bf16 and int8 embeddings differ slightly from fp32's: their own folder, never mixed into an fp32 one.
  if (options.precision != model::ComputePrecision::fp32)
    settings.emplace_back("precision", model::precision_name(options.precision));
  // A training checkpoint (<run>/checkpoints/step-N.safetensors) is named after its run too: every
  // run has a step-N, and their embeddings must not share a folder.
  const std::filesystem::path weights(options.weights_path);
  std::string stem = weights.stem().string();
  if (const auto run = train::RunFolder::of_checkpoint(options.weights_path))
    stem = std::filesystem::path(run->dir()).filename().string() + "-" + stem;
  return model_tag(stem, settings);
}

void apply_kit_model_options(const std::string& json_text, HearModelOptions& options) {
  if (json_text.empty()) return;
  const KitModelOptions kit = parse_kit_model_options(json_text);
  if (kit.strategy) {
    model::parse_strategy(*kit.strategy);  // refuse an unknown strategy now, naming it
    options.strategy = *kit.strategy;
  }
  if (kit.layer) options.layer = kit.layer;
  options.in_channels = kit.in_channels;
  options.kit_options = kit.tag_options;
}

std::unique_ptr<HearClipEmbedder> HearClipEmbedder::open(const HearModelOptions& options) {
  model::EmbedOptions embed;
  embed.strategy = model::parse_strategy(options.strategy);
  embed.layer = options.layer;
  embed.chunk_batch = options.chunk_batch;
  embed.device = options.device;
  embed.precision = options.precision;
  try {
    model::LoadedModel loaded = model::load_model(options.weights_path, options.config_path, options.strict);
    if (options.in_channels && *options.in_channels != loaded.config.in_channels)
      throw Error("--model-options: in_channels " + std::to_string(*options.in_channels) + " but " + options.weights_path +
                  " holds a " + std::to_string(loaded.config.in_channels) + "-channel model");
    return std::make_unique<HearClipEmbedder>(
        model::HearEmbedder(loaded.model, embed, loaded.window, loaded.filterbank));
  } catch (const c10::Error& e) {
    throw Error(options.weights_path + ": LibTorch: " + e.what_without_backtrace());
  }
}

int HearClipEmbedder::model_channels() const { return embedder_.model()->config().in_channels; }

namespace {

std::vector<ClipEmbedding> clip_embeddings_of(const std::vector<model::ClipEmbeddings>& results) {
  std::vector<ClipEmbedding> out;
  out.reserve(results.size());
  for (const model::ClipEmbeddings& r : results) {
    ClipEmbedding e;
    e.frames = r.timestamp_embeddings.size(0);
    e.width = r.timestamp_embeddings.size(1);
    e.timestamp_embeddings = to_vector(r.timestamp_embeddings);
    e.timestamps_ms = to_vector(r.timestamps);
    e.scene = to_vector(r.scene);
    out.push_back(std::move(e));
  }
  return out;
}

// LibTorch failures (out of memory, say) stop the task like any other bad input.
[[noreturn]] void rethrow_libtorch(const c10::Error& e, const std::vector<std::string>& names) {
  throw Error(std::string("embedding ") + (names.empty() ? "clips" : names.front()) + ": LibTorch: " +
              e.what_without_backtrace());
}

}  // namespace

std::vector<ClipEmbedding> HearClipEmbedder::embed_many(const std::vector<audio::AudioBuffer>& clips,
                                                        const std::vector<std::string>& names,
                                                        const ProgressSink& progress) {
  try {
    return clip_embeddings_of(embedder_.embed_many(clips, names, progress));
  } catch (const c10::Error& e) {
    rethrow_libtorch(e, names);
  }
}

int HearClipEmbedder::encoder_depth() const { return embedder_.encoder_depth(); }

std::vector<std::vector<ClipEmbedding>> HearClipEmbedder::embed_many_at_layers(const std::vector<int>& layers,
                                                                               const std::vector<audio::AudioBuffer>& clips,
                                                                               const std::vector<std::string>& names,
                                                                               const ProgressSink& progress) {
  try {
    std::vector<std::vector<ClipEmbedding>> out;
    for (const auto& layer : embedder_.embed_many_at_layers(layers, clips, names, progress))
      out.push_back(clip_embeddings_of(layer));
    return out;
  } catch (const c10::Error& e) {
    rethrow_libtorch(e, names);
  }
}

}  // namespace gramt::eval::tasks

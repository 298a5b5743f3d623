#include "core/data/data_pipeline.h"

#include <cmath>

#include "core/common/error.h"

namespace gramt::data {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool is_shard_location(const std::string& location) {
  if (location.find('{') != std::string::npos) return true;
  for (const char* suffix : {".tar", ".tgz", ".tar.gz", ".tar.xz", ".tar.zst", ".tar.bz2"})
    if (ends_with(location, suffix)) return true;
  return false;
}

std::shared_ptr<ClipSequence> make_clip_sequence(const std::string& location, RandomStream order, double data_ratio,
                                                 const DataPipelineParams& params, std::shared_ptr<SkipLog> skips) {
  if (location.empty()) throw Error("data: no data location given");
  if (is_shard_location(location)) {
    ShardSourceParams shard_params;
    shard_params.patterns = {location};
    shard_params.audio_extensions = params.audio_extensions;
    shard_params.shuffle_buffer = params.shuffle_buffer;
    shard_params.data_ratio = data_ratio;
    // Noise and clips read their shards in independent orders.
    shard_params.seed = derive_seed(params.loader.seed, order, 0);
    shard_params.rank = params.loader.rank;
    shard_params.world_size = params.world_size;
    shard_params.raw_sample_rate = params.loader.batch.clip.sample_rate;
    return std::make_shared<ShardClipSequence>(std::make_shared<ShardSource>(shard_params, std::move(skips)),
                                               params.loader.start_batch);
  }
  auto folder = std::make_shared<FolderSource>(location);
  if (!(data_ratio > 0.0 && data_ratio <= 1.0)) throw Error("data.data_ratio must be within (0, 1]");
  folder->keep_first(std::max<int64_t>(1, static_cast<int64_t>(std::ceil(data_ratio * static_cast<double>(folder->size()) - 1e-9))));
  return std::make_shared<FolderClipSequence>(std::move(folder), params.loader.seed, order, params.loader.rank,
                                              params.world_size);
}

std::unique_ptr<DataLoader> make_data_loader(const DataPipelineParams& params,
                                             std::shared_ptr<const SceneRenderer> scenes,
                                             std::shared_ptr<SkipLog> skips) {
  params.loader.validate();
  if (params.world_size < 1 || params.loader.rank < 0 || params.loader.rank >= params.world_size)
    throw Error("data: rank " + std::to_string(params.loader.rank) + " is outside world size " +
                std::to_string(params.world_size));
  if (!skips) skips = std::make_shared<SkipLog>();
  auto clips = make_clip_sequence(params.clips, RandomStream::kClipOrder, params.data_ratio, params, skips);
  std::shared_ptr<ClipSequence> noise;
  if (params.loader.batch.with_noise && !params.noise.empty())
    noise = make_clip_sequence(params.noise, RandomStream::kNoiseOrder, 1.0, params, skips);
  return std::make_unique<DataLoader>(params.loader, std::move(clips), std::move(noise), std::move(scenes),
                                      std::move(skips));
}

}  // namespace gramt::data

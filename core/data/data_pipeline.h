#pragma once
// Assembling a loader from where the data is: the clips and the noise are each a folder of audio
// files or a WebDataset shard pattern (configs/data/*.yaml: base_data_dir, base_noise_dir).
#include <memory>
#include <string>
#include <vector>

#include "core/data/clip_sequence.h"
#include "core/data/data_loader.h"
#include "core/data/scene_renderer.h"
#include "core/data/skip_log.h"

namespace gramt::data {

struct DataPipelineParams {
  std::string clips;                  // folder, or shard pattern ("…/unbal_train{000..869}.tar")
  std::string noise;                  // folder or shard pattern; "" = no noise recordings
  double data_ratio = 1.0;            // share of the clips used (first shards / first files)
  std::vector<std::string> audio_extensions{"flac", "wav"};  // shard members holding audio, preferred first
  int shuffle_buffer = 1000;          // shard streams only
  int world_size = 1;                 // data-parallel processes; loader.rank is this one
  DataLoaderParams loader;            // seed, start_batch, batch spec, workers, ...
};

// True when `location` names tar shards (a brace pattern or a .tar/.tgz/.tar.* file), false for a folder.
bool is_shard_location(const std::string& location);

// The sequence of records for `location`: a folder (exact resume) or shards (see clip_sequence.h).
// Throws gramt::Error before any work when the folder is missing or empty or no shard exists.
std::shared_ptr<ClipSequence> make_clip_sequence(const std::string& location, RandomStream order, double data_ratio,
                                                 const DataPipelineParams& params, std::shared_ptr<SkipLog> skips);

// Checks everything (sources exist and hold audio, settings valid) and starts the loader.
// `scenes` renders rooms and noise; it may be null only when neither is used.
std::unique_ptr<DataLoader> make_data_loader(const DataPipelineParams& params,
                                             std::shared_ptr<const SceneRenderer> scenes,
                                             std::shared_ptr<SkipLog> skips = nullptr);

}  // namespace gramt::data

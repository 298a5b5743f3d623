#pragma once
// The `data:` section of a training configuration (configs/data/*.yaml) read into the pipeline's
// parameters. Keys (reference names first, then ours):
//   base_data_dir, base_noise_dir, rir_data_dir   folders or shard patterns
//   data_ratio, sr, num_mel_bins, in_channels, input_length, target_length, samples_per_audio,
//   mask_patch, cluster (must be false), clean_data_ratio, with_noise, with_rir
//   audio_key, rir_source, sofa_file, rir_foa_format, num_workers, prefetch, shuffle_buffer
//   clip_seconds (optional, 10), clean_draw (optional, "batch" or "clip"), synthesize.* (demo)
// The run fills in what is not data's: clips per batch (trainer.batch_size), seed, rank, world
// size, start batch, and the patch count of the model.
#include <yaml-cpp/yaml.h>

#include <string>

#include "core/data/data_pipeline.h"
#include "core/data/demo_corpus.h"
#include "core/data/spatial_scene_renderer.h"

namespace gramt::data {

struct DataSettings {
  DataPipelineParams pipeline;   // loader.clips_per_batch, seed, rank, start_batch, num_patches left at defaults
  RoomSettings rooms;            // rir_source, rir_data_dir, sofa_file, sr, in_channels
  bool synthesize = false;       // a `synthesize:` section is present (the demo corpus)
  DemoCorpusSpec demo;           // its values
};

// `data` is the mapping under `data:`; `where` prefixes error messages (e.g. the config file).
// Throws gramt::Error naming the key when a value is missing, has the wrong type or is out of range.
DataSettings read_data_settings(const YAML::Node& data, const std::string& where);

}  // namespace gramt::data

#pragma once
// The "initial weights" baseline: the architecture of a model config with the weights a fresh
// training run of that config starts from (LibTorch's generator seeded with the run's `seed`, then
// the model built, as core/train/training_setup.cpp does). What pretraining adds is the distance
// between this row and the trained model's.
#include <cstdint>
#include <memory>
#include <string>

#include "core/eval/tasks/hear_clip_embedder.h"

namespace gramt::eval::tasks {

// `options.config_path` names the model config (a `model:` YAML, or a run's config.yaml);
// `options.weights_path` is ignored. Throws gramt::Error naming the config.
std::unique_ptr<HearClipEmbedder> open_initial_weights(const HearModelOptions& options, uint64_t seed);

// Its folder name: "initial-<config name>-seed=<seed>-strategy=<s>[-layer=<n>]"; a run's
// config.yaml is named after its run folder.
std::string initial_weights_tag(const HearModelOptions& options, uint64_t seed);

}  // namespace gramt::eval::tasks

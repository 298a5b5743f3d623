#pragma once
// The resolved training configuration (configs/*.yaml after composition and overrides) read into
// the model's and the trainer's parameters. An ill-typed or out-of-range key is an error naming it;
// a missing trainer key takes its default from train_setting_table.h.
#include <string>

#include "core/io/config/config.h"
#include "core/model/model_config.h"
#include "core/train/train_defaults.h"
#include "core/train/trainer.h"

namespace gramt::train {

struct TrainSettings {
  model::ModelConfig model;
  TrainerParams trainer;       // run_dir, resume and config_yaml are left for the caller
  int clips_per_batch = defaults::kBatchSize;  // trainer.batch_size (per process)
  uint64_t seed = defaults::kSeed;
  std::string run_name;        // the reference's identity string, made path-safe
};

TrainSettings read_train_settings(const config::Config& config);

// torch::Device from "cpu", "cuda", "cuda:N" or "auto" (cuda when the build and machine have one).
torch::Device parse_device(const std::string& text, const std::string& accelerator);

}  // namespace gramt::train

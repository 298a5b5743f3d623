#pragma once
// Training checkpoints in a run folder's checkpoints/ (names: run_folder.h): step-NNNNNNNN.safetensors (model weights with
// the config in the metadata, loadable by every weights consumer) and step-NNNNNNNN.state.safetensors
// (optimiser moments, RNG, schedule and data position). Each file is written to a temporary name,
// fsynced and renamed, the state file first: a step whose weights file exists is complete, so a
// kill -9 at any moment leaves only whole checkpoints (and perhaps a stray temporary file).
#include <torch/optim/adamw.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/gramt_model.h"
#include "core/train/train_defaults.h"

namespace gramt::train {

struct TrainingState {
  int64_t step = 0;        // optimiser steps done
  int64_t next_batch = 0;  // global batch index to read next
  std::string config_yaml; // the resolved run config (resume refuses a different one)
  std::map<std::string, std::string> extra;
};

struct CheckpointPolicy {
  int keep_last = defaults::kCheckpointKeepLast;  // newest checkpoints kept (0 = keep all)
  std::vector<int64_t> keep_steps;   // named steps never deleted
};

// Shorthands for RunFolder(run_dir).checkpoint_weights_path(step) / .checkpoint_steps().
std::string checkpoint_weights_path(const std::string& run_dir, int64_t step);

// Writes both files atomically, then prunes old checkpoints by the policy.
void save_checkpoint(const std::string& run_dir, const model::GramtModel& model, torch::optim::AdamW& optimizer,
                     const TrainingState& state, const CheckpointPolicy& policy);

// Steps with a complete checkpoint, ascending.
std::vector<int64_t> list_checkpoints(const std::string& run_dir);

// Restores weights, optimiser moments and RNG; returns the saved state. Throws gramt::Error naming
// the file if a checkpoint is unreadable or does not fit the model.
TrainingState load_checkpoint(const std::string& run_dir, int64_t step, model::GramtModel& model,
                              torch::optim::AdamW& optimizer);

}  // namespace gramt::train

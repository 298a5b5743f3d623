#pragma once
// The masked-autoencoder training loop: batch → forward_mae → backward → gradient all-reduce (if
// several processes) → global-norm clipping → AdamW with the warm-up/cosine schedule. Checkpoints
// every N steps and at the end; a stop request (Ctrl-C) saves one and returns; a NaN/Inf loss stops
// the run with the step number, keeping the last good checkpoint. Resuming is checked here, once:
// the newest complete checkpoint must exist and carry the same configuration as the run, apart from
// the keys a resume may adjust (resume_adjustments.h). The schedule always spans params.steps: a
// longer budget continues the cosine over the new total from the step reached.
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/model/gramt_model.h"
#include "core/train/batch_source.h"
#include "core/train/checkpoint.h"
#include "core/train/distributed.h"
#include "core/train/lr_schedule.h"
#include "core/train/train_defaults.h"

namespace gramt::train {

struct TrainerParams {
  std::string run_dir;              // checkpoints/ goes inside
  int64_t steps = defaults::kSteps; // total optimiser steps of the run
  double lr = defaults::kLr;
  double beta1 = defaults::kBeta1, beta2 = defaults::kBeta2, eps = defaults::kEps, weight_decay = defaults::kWeightDecay;
  int64_t warmup_steps = defaults::kWarmupSteps;
  double grad_clip_norm = defaults::kGradClipNorm;
  int64_t checkpoint_every = defaults::kCheckpointEvery;  // 0 = only at the end
  CheckpointPolicy checkpoints;
  int64_t images_every = defaults::kImagesEvery;          // 0 = never
  torch::Device device = torch::kCPU;
  // trainer.precision bf16-mixed: bf16 products with fp32 weights and optimiser state, crops rounded
  // to bf16 as the reference does. CUDA: autocast. CPU: oneDNN bf16 products where the CPU has
  // native bf16 (model::choose_cpu_precision), else fp32.
  bool bf16_mixed = false;
  std::string config_yaml;          // stored in checkpoints; resume refuses a different config
  bool resume = false;              // continue from the newest checkpoint in run_dir
};

struct StepReport {
  int64_t step = 0;                 // steps done after this one
  double loss = 0;                  // mean over processes
  double lr = 0;
  double crops_per_second = 0;      // over all processes
  double data_wait_fraction = 0;    // share of step time spent waiting for data
  double seconds = 0;               // wall time of this step
};

struct SpectrogramSnapshot {        // first crop of a batch, for image logs (CPU tensors)
  int64_t step = 0;
  torch::Tensor input, masked, target, prediction;  // (C, F, T) each, normalised spectrogram domain
};

struct TrainerCallbacks {
  // Once, before the first step: the steps already done (the checkpoint's step when resuming).
  std::function<void(int64_t first_step, bool resumed)> on_start;
  std::function<void(const StepReport&)> on_step;
  std::function<void(const SpectrogramSnapshot&)> on_images;
  std::function<void(int64_t step, const std::string& path)> on_checkpoint;
  ProgressSink progress;            // cancel flag = save a checkpoint and stop cleanly
};

struct TrainResult {
  int64_t first_step = 0, last_step = 0;
  std::vector<double> losses;       // one per step run in this call
  bool interrupted = false;
};

TrainResult train(model::GramtModel& model, BatchSource& data, const TrainerParams& params, DataParallel& parallel,
                  const TrainerCallbacks& callbacks = {});

// Puts the patches of (B, N, P) back into (C, F, T) spectrograms of the first item (for images).
torch::Tensor unpatchify_first(const model::ModelConfig& config, const torch::Tensor& patches);

}  // namespace gramt::train

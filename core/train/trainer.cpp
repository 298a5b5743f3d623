#include "core/train/trainer.h"

#include <ATen/autocast_mode.h>

#include <chrono>
#include <cmath>

#include "core/common/error.h"
#include "core/model/bf16_matmul_scope.h"
#include "core/model/compute_precision.h"
#include "core/train/optimizer_step.h"
#include "core/train/resume_adjustments.h"
#include "core/train/run_folder.h"

namespace gramt::train {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

torch::Tensor unpatchify_first(const model::ModelConfig& c, const torch::Tensor& patches) {
  const auto& p = c.patching;
  return patches[0]
      .detach()
      .to(torch::kCPU, torch::kFloat32)
      .reshape({c.grid_f(), c.grid_t(), c.in_channels, p.fshape, p.tshape})
      .permute({2, 0, 3, 1, 4})
      .reshape({c.in_channels, c.grid_f() * p.fshape, c.grid_t() * p.tshape});
}

TrainResult train(model::GramtModel& model, BatchSource& data, const TrainerParams& params, DataParallel& parallel,
                  const TrainerCallbacks& callbacks) {
  model->to(params.device);
  model->train();
  std::vector<torch::Tensor> parameters = trainable_parameters(model);
  torch::optim::AdamW optimizer =
      make_adamw(parameters, {params.lr, params.beta1, params.beta2, params.eps, params.weight_decay});
  const WarmupCosineSchedule schedule{params.lr, params.warmup_steps, params.steps};
  TrainingState state;
  state.config_yaml = params.config_yaml;
  const RunFolder run(params.run_dir);
  if (params.resume) {
    const auto steps = run.checkpoint_steps();
    if (steps.empty()) throw Error(params.run_dir + ": no complete checkpoint to resume from");
    const TrainingState saved = load_checkpoint(params.run_dir, steps.back(), model, optimizer);
    if (!params.config_yaml.empty()) {
      const std::string key = first_fixed_difference(saved.config_yaml, params.config_yaml);
      if (!key.empty())
        throw Error(params.run_dir + ": the run was made with a different configuration (" + key +
                    " differs); resume it with the same config (see " + run.config_path() +
                    ") or start a new run folder");
    }
    if (params.steps < saved.step)
      throw Error(params.run_dir + ": trainer.steps=" + std::to_string(params.steps) + " is below the " +
                  std::to_string(saved.step) + " steps its newest checkpoint has done");
    state = saved;
    // Later checkpoints carry the adjusted configuration (a longer budget, another cadence).
    if (!params.config_yaml.empty()) state.config_yaml = params.config_yaml;
  } else {
    // Every process starts from rank 0's initial weights.
    std::vector<torch::Tensor> all;
    for (const auto& p : model->parameters(true)) all.push_back(p);
    parallel.broadcast_from_main(all);
  }

  TrainResult result;
  result.first_step = state.step;
  if (callbacks.on_start) callbacks.on_start(state.step, params.resume);
  int64_t last_saved = -1;
  auto save = [&] {
    if (!parallel.is_main() || state.step == last_saved) return;
    save_checkpoint(params.run_dir, model, optimizer, state, params.checkpoints);
    last_saved = state.step;
    if (callbacks.on_checkpoint) callbacks.on_checkpoint(state.step, run.checkpoint_weights_path(state.step));
  };
  const bool autocast = params.bf16_mixed && params.device.is_cuda();
  const bool cpu_bf16 = params.bf16_mixed && params.device.is_cpu() &&
                        model::choose_cpu_precision(model::ComputePrecision::bf16).precision == model::ComputePrecision::bf16;
  while (state.step < params.steps) {
    if (callbacks.progress.cancelled()) {
      save();
      result.interrupted = true;
      break;
    }
    const auto t0 = std::chrono::steady_clock::now();
    TrainBatch batch = data.batch(state.next_batch);
    const double wait = data.last_wait_seconds();
    torch::Tensor crops = batch.crops.to(params.device);
    const torch::Tensor masks = batch.masks.to(params.device);
    // The reference feeds its network bf16 crops in mixed precision (spec/model.md §7.4).
    if (autocast || cpu_bf16) crops = crops.to(torch::kBFloat16).to(torch::kFloat32);
    const double lr = schedule.at(state.step);
    for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);

    // Dropping the gradients instead of zero-filling them lets backward hand its gradient buffers
    // straight to the parameters: no memset and no accumulating add over every parameter per step.
    for (auto& p : parameters) p.mutable_grad().reset();
    if (autocast) {
      at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
      at::autocast::set_enabled(true);
    }
    model::MaeOutput out;
    {
      const model::Bf16MatmulScope bf16(cpu_bf16);  // backward follows the forward's choice
      out = model->forward_mae(crops, masks);
    }
    if (autocast) {
      at::autocast::clear_cache();
      at::autocast::set_enabled(false);
    }
    const double local_loss = out.loss.item<double>();
    const double loss = parallel.mean(local_loss);
    if (!std::isfinite(loss)) {
      const auto saved = run.checkpoint_steps();
      throw Error("loss is " + std::string(std::isnan(loss) ? "NaN" : "infinite") + " at step " +
                  std::to_string(state.step + 1) + "; stopping. Last good checkpoint: " +
                  (saved.empty() ? std::string("none") : run.checkpoint_weights_path(saved.back())));
    }
    out.loss.backward();
    parallel.average_gradients(parameters);
    clip_gradients_and_step(optimizer, parameters, params.grad_clip_norm);
    ++state.step;
    ++state.next_batch;
    result.losses.push_back(loss);

    const double seconds = seconds_since(t0);
    if (callbacks.on_step) {
      StepReport r;
      r.step = state.step;
      r.loss = loss;
      r.lr = lr;
      r.seconds = seconds;
      r.crops_per_second = static_cast<double>(crops.size(0)) * parallel.env().world_size / seconds;
      r.data_wait_fraction = seconds > 0 ? wait / seconds : 0;
      callbacks.on_step(r);
    }
    if (callbacks.on_images && params.images_every > 0 && state.step % params.images_every == 0 && parallel.is_main()) {
      torch::NoGradGuard no_grad;
      const auto& c = model->config();
      const torch::Tensor m = masks[0].to(torch::kCPU).to(torch::kFloat32).unsqueeze(0).unsqueeze(-1);  // (1, N, 1)
      const torch::Tensor target = out.target.detach().to(torch::kCPU);
      SpectrogramSnapshot snap;
      snap.step = state.step;
      snap.input = unpatchify_first(c, target);
      snap.masked = unpatchify_first(c, target.slice(0, 0, 1) * (1 - m));   // what the encoder sees
      snap.target = unpatchify_first(c, target.slice(0, 0, 1) * m);         // what must be predicted
      snap.prediction = unpatchify_first(c, out.pred.detach().to(torch::kCPU));
      callbacks.on_images(snap);
    }
    callbacks.progress.report(static_cast<double>(state.step) / static_cast<double>(params.steps), "training");
    if (params.checkpoint_every > 0 && state.step % params.checkpoint_every == 0) save();
  }
  if (!result.interrupted) save();
  result.last_step = state.step;
  return result;
}

}  // namespace gramt::train

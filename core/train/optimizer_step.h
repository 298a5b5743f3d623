#pragma once
// The optimiser half of a training step: global-norm gradient clipping, then one AdamW step with
// weight decay on every trainable parameter (as the reference does). The trainer and the
// training-step parity check both call these, so the check tests the code that trains.
#include <torch/optim/adamw.h>

#include <string>
#include <utility>
#include <vector>

#include "core/model/gramt_model.h"

namespace gramt::train {

struct AdamWSettings {
  double lr = 0;
  double beta1 = 0, beta2 = 0;
  double eps = 0;
  double weight_decay = 0;
};

// The parameters training updates (requires_grad), under their reference state-dict names, in the
// model's order. Fixed ones (the sin-cos position table) are left out.
std::vector<std::pair<std::string, torch::Tensor>> named_trainable_parameters(model::GramtModel& model);
std::vector<torch::Tensor> trainable_parameters(model::GramtModel& model);

// One parameter group holding every trainable parameter.
torch::optim::AdamW make_adamw(const std::vector<torch::Tensor>& parameters, const AdamWSettings& settings);

// Scales the gradients down so that their global L2 norm is at most clip_norm. Returns the global
// norm before clipping.
double clip_gradient_norm(const std::vector<torch::Tensor>& parameters, double clip_norm);

// clip_gradient_norm, then one optimizer step: the end of every training step.
double clip_gradients_and_step(torch::optim::AdamW& optimizer, const std::vector<torch::Tensor>& parameters,
                               double clip_norm);

}  // namespace gramt::train

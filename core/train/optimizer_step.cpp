#include "core/train/optimizer_step.h"

#include <torch/nn/utils/clip_grad.h>

namespace gramt::train {

std::vector<std::pair<std::string, torch::Tensor>> named_trainable_parameters(model::GramtModel& model) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& p : model->named_parameters(/*recurse=*/true))
    if (p.value().requires_grad()) out.emplace_back(p.key(), p.value());
  return out;
}

std::vector<torch::Tensor> trainable_parameters(model::GramtModel& model) {
  std::vector<torch::Tensor> out;
  for (auto& named : named_trainable_parameters(model)) out.push_back(std::move(named.second));
  return out;
}

torch::optim::AdamW make_adamw(const std::vector<torch::Tensor>& parameters, const AdamWSettings& s) {
  return torch::optim::AdamW(parameters, torch::optim::AdamWOptions(s.lr)
                                             .betas({s.beta1, s.beta2})
                                             .eps(s.eps)
                                             .weight_decay(s.weight_decay));
}

double clip_gradient_norm(const std::vector<torch::Tensor>& parameters, double clip_norm) {
  return torch::nn::utils::clip_grad_norm_(parameters, clip_norm);
}

double clip_gradients_and_step(torch::optim::AdamW& optimizer, const std::vector<torch::Tensor>& parameters,
                               double clip_norm) {
  const double norm = clip_gradient_norm(parameters, clip_norm);
  optimizer.step();
  return norm;
}

}  // namespace gramt::train

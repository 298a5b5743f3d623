#include "core/eval/predict/mlp_predictor.h"

#include <cmath>
#include <mutex>

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>

#include "core/model/linear_kernel.h"

namespace gramt::eval::predict {

at::Generator make_seeded_generator(torch::Device device, uint64_t seed) {
  if (device.is_cpu()) return at::detail::createCPUGenerator(seed);
  // Cloning the device's default generator gives an independent one of the right kind without
  // device-specific headers.
  at::Generator base = at::globalContext().defaultGenerator(device);
  std::lock_guard<std::mutex> lock(base.mutex());
  at::Generator generator = base.clone();
  generator.set_current_seed(seed);
  return generator;
}

torch::Tensor SeededDropoutImpl::forward(const torch::Tensor& input) {
  if (!is_training() || p_ == 0.0) return input;
  // Keep with probability 1 - p and scale survivors by 1 / (1 - p), as torch's dropout does; a
  // uniform draw compared with 1 - p is several times faster than bernoulli_ on the CPU.
  torch::Tensor keep = torch::empty_like(input).uniform_(0.0, 1.0, generator_).lt_(1.0 - p_);
  return input * keep.mul_(1.0 / (1.0 - p_));
}

namespace {

void init_linear(torch::nn::Linear& linear, const std::string& initialization, double gain, at::Generator& gen) {
  torch::NoGradGuard no_grad;
  const auto fan_out = static_cast<double>(linear->weight.size(0));
  const auto fan_in = static_cast<double>(linear->weight.size(1));
  if (initialization == "xavier_normal_") {
    linear->weight.normal_(0.0, gain * std::sqrt(2.0 / (fan_in + fan_out)), gen);
  } else {
    const double bound = gain * std::sqrt(6.0 / (fan_in + fan_out));
    linear->weight.uniform_(-bound, bound, gen);
  }
  // PyTorch's default Linear bias init, drawn from our generator.
  const double bias_bound = 1.0 / std::sqrt(fan_in);
  linear->bias.uniform_(-bias_bound, bias_bound, gen);
}

}  // namespace

MlpPredictorImpl::MlpPredictorImpl(int64_t input_dim, int64_t outputs, const HyperParams& hp, uint64_t seed,
                                   torch::Device device) {
  at::Generator init_generator = make_seeded_generator(torch::kCPU, seed);
  at::Generator dropout_generator = make_seeded_generator(device, seed ^ 0x9e3779b97f4a7c15ULL);
  const double relu_gain = std::sqrt(2.0);
  hidden = register_module("hidden", torch::nn::Sequential());
  int64_t width = input_dim;
  for (int64_t layer = 0; layer < hp.hidden_layers; ++layer) {
    torch::nn::Linear linear(width, hp.hidden_dim);
    init_linear(linear, hp.initialization, layer == 0 ? 1.0 : relu_gain, init_generator);
    torch::nn::BatchNorm1d norm(hp.hidden_dim);
    hidden->push_back(linear);
    if (hp.norm_after_activation) {
      hidden->push_back(SeededDropout(hp.dropout, dropout_generator));
      hidden->push_back(torch::nn::ReLU());
      hidden->push_back(norm);
    } else {
      hidden->push_back(norm);
      hidden->push_back(SeededDropout(hp.dropout, dropout_generator));
      hidden->push_back(torch::nn::ReLU());
    }
    width = hp.hidden_dim;
  }
  projection = register_module("projection", torch::nn::Linear(width, outputs));
  init_linear(projection, hp.initialization, hp.hidden_layers == 0 ? 1.0 : relu_gain, init_generator);
}

torch::Tensor MlpPredictorImpl::forward(const torch::Tensor& embeddings) {
  // The Linear layers go through the model's linear kernel (oneDNN on CPU where available: about
  // twice Debian's OpenBLAS for the wide first layer); the other layers run as they are.
  torch::Tensor x = embeddings;
  for (auto& layer : *hidden) {
    if (auto* linear = layer.ptr()->as<torch::nn::Linear>())
      x = model::linear_forward(x, linear->weight, linear->bias);
    else
      x = layer.forward(x);
  }
  return model::linear_forward(x, projection->weight, projection->bias);
}

}  // namespace gramt::eval::predict

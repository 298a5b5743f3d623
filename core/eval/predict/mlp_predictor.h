#pragma once
// The kits' FullyConnectedPrediction (spec/eval.md §3.5): `hidden_layers` blocks of
// Linear -> BatchNorm1d -> Dropout -> ReLU (norm after ReLU when norm_after_activation), then a
// Linear projection to the outputs; no input normalisation. Weights get Xavier init with gain 1
// for the first Linear and sqrt(2) (ReLU gain) for every later one; biases and BatchNorm keep
// PyTorch's defaults. Every random draw (init, dropout) comes from generators owned by the
// model, so a grid point trains the same whether it runs alone or beside others.
#include <cstdint>

#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include "core/eval/predict/param_grid.h"

namespace gramt::eval::predict {

// Dropout drawing its masks from a given generator (torch's functional dropout only uses the
// process-wide one, which concurrent trainings would share).
class SeededDropoutImpl : public torch::nn::Module {
 public:
  SeededDropoutImpl(double p, at::Generator generator) : p_(p), generator_(std::move(generator)) {}
  torch::Tensor forward(const torch::Tensor& input);
  double p() const { return p_; }

 private:
  double p_;
  at::Generator generator_;
};
TORCH_MODULE(SeededDropout);

class MlpPredictorImpl : public torch::nn::Module {
 public:
  // Parameters are created and initialised on the CPU from `seed`, so the initial weights do not
  // depend on the device; call ->to(device) afterwards. Dropout draws on `device` from a
  // generator derived from the same seed.
  MlpPredictorImpl(int64_t input_dim, int64_t outputs, const HyperParams& hp, uint64_t seed,
                   torch::Device device);

  torch::Tensor forward(const torch::Tensor& embeddings);  // logits

  torch::nn::Sequential hidden{nullptr};  // empty for hidden_layers == 0
  torch::nn::Linear projection{nullptr};
};
TORCH_MODULE(MlpPredictor);

// A generator of the device's kind seeded with `seed`, independent of the process-wide one.
at::Generator make_seeded_generator(torch::Device device, uint64_t seed);

}  // namespace gramt::eval::predict

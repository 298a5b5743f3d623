// trainer.precision bf16-mixed on the CPU: bf16 products with fp32 master weights and optimiser
// state; the loss follows fp32's closely. Where the CPU lacks native bf16 the run is fp32, exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/model/compute_precision.h"
#include "core/train/trainer.h"
#include "tests/train/tiny_model.h"

namespace fs = std::filesystem;
using namespace gramt;
using namespace gramt::train;

namespace {

struct TrainedRun {
  std::vector<double> losses;
  std::vector<torch::Tensor> parameters;
};

TrainedRun train_tiny(bool bf16_mixed, int64_t steps) {
  const auto c = tiny_training_config();
  torch::manual_seed(11);
  model::GramtModel m(c);
  SyntheticBatchSource data(7, 4, c.in_channels, c.input_tdim, c.num_mel_bins, c.num_patches(), c.mask_patch);
  DataParallel single(DistributedEnv{});
  const fs::path dir = fs::temp_directory_path() / ("gramt_bf16_" + std::to_string(bf16_mixed) + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  TrainerParams p;
  p.run_dir = dir.string();
  p.steps = steps;
  p.lr = 3e-3;
  p.warmup_steps = 2;
  p.checkpoint_every = 0;
  p.images_every = 0;
  p.bf16_mixed = bf16_mixed;
  TrainedRun r;
  r.losses = gramt::train::train(m, data, p, single).losses;
  for (const auto& t : m->parameters()) r.parameters.push_back(t.detach().clone());
  fs::remove_all(dir);
  return r;
}

}  // namespace

TEST(Bf16MixedTraining, LossStaysWithinThreePercentOfFp32AndWeightsStayFp32) {
  const int64_t steps = 12;
  const TrainedRun fp32 = train_tiny(false, steps);
  const TrainedRun bf16 = train_tiny(true, steps);
  ASSERT_EQ(bf16.losses.size(), fp32.losses.size());
  for (const auto& t : bf16.parameters) EXPECT_EQ(t.scalar_type(), torch::kFloat32) << "master weights are fp32";
  const bool native = model::choose_cpu_precision(model::ComputePrecision::bf16).precision == model::ComputePrecision::bf16;
  bool any_difference = false;
  for (size_t i = 0; i < fp32.losses.size(); ++i) {
    any_difference = any_difference || fp32.losses[i] != bf16.losses[i];
    EXPECT_LT(std::abs(bf16.losses[i] - fp32.losses[i]), 0.03 * fp32.losses[i]) << "step " << i + 1;
  }
  if (native)
    EXPECT_TRUE(any_difference) << "bf16-mixed gave fp32's losses bit for bit: the CPU path was not taken";
  else
    EXPECT_FALSE(any_difference) << "without native bf16 the run must be exact fp32";
}

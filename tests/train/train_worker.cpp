// A training process for the tests that need a real process boundary:
//   train_worker OUT.safetensors BATCH_PER_RANK STEPS  one rank of a data-parallel run (rank and world
//                                                      size from the environment, as under torchrun)
//   train_worker --checkpoint-every-step RUN_DIR STEPS  trains with a checkpoint after every step,
//                                                      resuming RUN_DIR if it has one (the kill -9 test)
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/common/error.h"
#include "core/model/weights.h"
#include "core/train/checkpoint.h"
#include "core/train/trainer.h"
#include "tests/train/tiny_model.h"

namespace {

int checkpoint_every_step(const std::string& run_dir, int64_t steps) {
  using namespace gramt;
  torch::manual_seed(0);
  const auto c = checkpoint_heavy_config();
  model::GramtModel m(c);
  train::SyntheticBatchSource data(7, 2, c.in_channels, c.input_tdim, c.num_mel_bins, c.num_patches(), c.mask_patch);
  train::DataParallel single(train::DistributedEnv{});
  train::TrainerParams p;
  p.run_dir = run_dir;
  p.resume = !train::list_checkpoints(run_dir).empty();
  p.steps = steps;
  p.lr = 1e-3;
  p.warmup_steps = 1;
  p.checkpoint_every = 1;
  p.checkpoints.keep_last = 3;
  p.images_every = 0;
  train::train(m, data, p, single);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--checkpoint-every-step") {
    try {
      return checkpoint_every_step(argv[2], std::atoll(argv[3]));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "train_worker: %s\n", e.what());
      return 1;
    }
  }
  if (argc != 4) {
    std::fprintf(stderr, "usage: train_worker OUT.safetensors BATCH_PER_RANK STEPS\n");
    return 2;
  }
  try {
    using namespace gramt;
    const auto env = train::distributed_env_from_environment();
    train::DataParallel parallel(env);
    torch::manual_seed(0);
    const auto c = tiny_training_config();
    model::GramtModel m(c);
    train::SyntheticBatchSource data(7, std::atoi(argv[2]), c.in_channels, c.input_tdim, c.num_mel_bins, c.num_patches(),
                                     c.mask_patch, env.rank, env.world_size);
    train::TrainerParams p;
    p.run_dir = std::string(argv[1]) + ".run";
    p.steps = std::atoi(argv[3]);
    p.lr = 1e-3;
    p.warmup_steps = 1;
    p.checkpoint_every = 0;
    p.images_every = 0;
    train::train(m, data, p, parallel);
    model::save_weights(m, argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "train_worker: %s\n", e.what());
    return 1;
  }
  return 0;
}

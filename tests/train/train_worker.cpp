// One process of a data-parallel test run: trains the tiny model on synthetic batches and writes its
// final weights. Rank and world size come from the environment, as under torchrun or SLURM.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/common/error.h"
#include "core/model/weights.h"
#include "core/train/trainer.h"
#include "tests/train/tiny_model.h"

int main(int argc, char** argv) {
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

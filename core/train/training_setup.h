#pragma once
// Everything a training run needs besides the loop: the model of the configuration and the batches
// of the configured data (a threaded loader over folders or shards, scenes rendered in rooms).
// Every check that can fail (missing data, an empty data set, a SOFA file libmysofa rejects) runs
// here, before the first step.
#include <functional>
#include <memory>

#include "core/io/config/config.h"
#include "core/train/batch_source.h"
#include "core/train/distributed.h"
#include "core/train/train_settings.h"

namespace gramt::train {

struct TrainingSetup {
  model::GramtModel model{nullptr};
  std::unique_ptr<BatchSource> batches;
  std::function<int64_t()> skipped_items;  // corrupt items skipped so far
};

TrainingSetup prepare_training(const config::Config& config, const TrainSettings& settings, const DistributedEnv& env);

}  // namespace gramt::train

#include "core/train/training_setup.h"

#include <torch/utils.h>

#include "core/common/error.h"
#include "core/data/data_pipeline.h"
#include "core/data/data_settings.h"
#include "core/data/demo_corpus.h"
#include "core/data/spatial_scene_renderer.h"

namespace gramt::train {
namespace {

// The data loader as a BatchSource. The loader is started lazily at the first batch the trainer
// asks for, so a resumed run starts it at the saved batch index.
class LoaderBatchSource : public BatchSource {
 public:
  LoaderBatchSource(data::DataPipelineParams params, std::shared_ptr<const data::SceneRenderer> scenes)
      : params_(std::move(params)), scenes_(std::move(scenes)), skips_(std::make_shared<data::SkipLog>()) {}

  TrainBatch batch(int64_t step) override {
    if (!loader_ || loader_->next_batch_index() != step) {
      loader_.reset();
      params_.loader.start_batch = step;
      loader_ = data::make_data_loader(params_, scenes_, skips_);
    }
    data::TrainingBatch b = loader_->next();
    return {b.crops, b.masks};
  }
  double last_wait_seconds() const override { return loader_ ? loader_->counters().last_wait_seconds : 0.0; }
  int64_t skipped() const { return loader_ ? loader_->counters().items_skipped : 0; }
  // Checks sources and settings now (errors before any training) with a loader that is then dropped.
  void check() { data::make_data_loader(params_, scenes_, skips_)->stop(); }

 private:
  data::DataPipelineParams params_;
  std::shared_ptr<const data::SceneRenderer> scenes_;
  std::shared_ptr<data::SkipLog> skips_;
  std::unique_ptr<data::DataLoader> loader_;
};

}  // namespace

TrainingSetup prepare_training(const config::Config& config, const TrainSettings& settings, const DistributedEnv& env) {
  data::DataSettings ds = data::read_data_settings(config.node("data"), config.source() + ": data");
  if (ds.synthesize) data::ensure_demo_corpus(config.get<std::string>("data.root"), settings.seed, ds.demo);
  auto& loader = ds.pipeline.loader;
  loader.clips_per_batch = settings.clips_per_batch;
  loader.seed = settings.seed;
  loader.rank = env.rank;
  loader.batch.num_patches = settings.model.num_patches();
  loader.batch.mask_patch = settings.model.mask_patch;
  loader.batch.target_length = settings.model.input_tdim;
  loader.batch.channels = settings.model.in_channels;
  ds.pipeline.world_size = env.world_size;
  ds.rooms.channels = settings.model.in_channels;
  ds.rooms.seed = settings.seed;
  auto scenes = data::make_scene_renderer(ds.rooms, loader.batch.with_rir, loader.batch.with_noise);
  auto source = std::make_unique<LoaderBatchSource>(ds.pipeline, scenes);
  source->check();
  TrainingSetup setup;
  // The initial weights come from LibTorch's default generator: seeding it here makes two fresh
  // runs of one configuration start from the same weights (a resume then restores its saved state).
  torch::manual_seed(settings.seed);
  setup.model = model::GramtModel(settings.model);
  auto* raw = source.get();
  setup.skipped_items = [raw] { return raw->skipped(); };
  setup.batches = std::move(source);
  return setup;
}

}  // namespace gramt::train

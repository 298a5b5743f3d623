#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>

#include "core/common/error.h"
#include "core/io/safetensors.h"
#include "core/model/weights.h"
#include "core/train/trainer.h"
#include "tests/train/tiny_model.h"

namespace fs = std::filesystem;
using namespace gramt;
using namespace gramt::train;

namespace {

fs::path temp_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("gramt_train_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

SyntheticBatchSource source(const model::ModelConfig& c, int batch = 4) {
  return SyntheticBatchSource(7, batch, c.in_channels, c.input_tdim, c.num_mel_bins, c.num_patches(), c.mask_patch);
}

TrainerParams params_for(const fs::path& dir, int64_t steps) {
  TrainerParams p;
  p.run_dir = dir.string();
  p.steps = steps;
  p.lr = 3e-3;
  p.warmup_steps = 2;
  p.checkpoint_every = 3;
  p.images_every = 0;
  p.config_yaml = "test";
  return p;
}

}  // namespace

TEST(Trainer, LossFallsOnStructuredData) {
  torch::manual_seed(0);
  const auto c = tiny_training_config();
  model::GramtModel m(c);
  auto data = source(c);
  DataParallel single(DistributedEnv{});
  auto p = params_for(temp_dir("falls"), 60);
  const auto r = gramt::train::train(m, data, p, single);
  ASSERT_EQ(r.losses.size(), 60u);
  const double first = std::accumulate(r.losses.begin(), r.losses.begin() + 5, 0.0) / 5;
  const double last = std::accumulate(r.losses.end() - 5, r.losses.end(), 0.0) / 5;
  EXPECT_LT(last, 0.9 * first) << "first " << first << " last " << last;
}

TEST(Trainer, ResumeIsBitExact) {
  const auto c = tiny_training_config();
  const auto straight_dir = temp_dir("straight"), resumed_dir = temp_dir("resumed");
  DataParallel single(DistributedEnv{});

  torch::manual_seed(1);
  model::GramtModel a(c);
  auto data_a = source(c);
  const auto straight = gramt::train::train(a, data_a, params_for(straight_dir, 8), single);

  // Same start, stopped after step 4 (a Ctrl-C), then resumed in a fresh model.
  torch::manual_seed(1);
  model::GramtModel b(c);
  auto data_b = source(c);
  std::atomic<bool> stop{false};
  TrainerCallbacks cb;
  cb.progress.cancel = &stop;
  cb.on_step = [&](const StepReport& r) {
    if (r.step == 4) stop = true;
  };
  const auto first_half = gramt::train::train(b, data_b, params_for(resumed_dir, 8), single, cb);
  EXPECT_TRUE(first_half.interrupted);
  ASSERT_EQ(first_half.losses.size(), 4u);
  EXPECT_EQ(list_checkpoints(resumed_dir.string()).back(), 4);

  torch::manual_seed(99);  // a different RNG state must not matter
  model::GramtModel fresh(c);
  auto data_c = source(c);
  auto p = params_for(resumed_dir, 8);
  p.resume = true;
  const auto second_half = gramt::train::train(fresh, data_c, p, single);
  ASSERT_EQ(second_half.losses.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(first_half.losses[i], straight.losses[i]) << "step " << i + 1;
    EXPECT_EQ(second_half.losses[i], straight.losses[i + 4]) << "step " << i + 5;
  }
  const auto sa = a->state_dict(), sb = fresh->state_dict();
  for (size_t i = 0; i < sa.size(); ++i) EXPECT_TRUE(torch::equal(sa[i].second, sb[i].second)) << sa[i].first;
}

TEST(Trainer, ResumeRefusesADifferentConfig) {
  const auto c = tiny_training_config();
  const auto dir = temp_dir("cfg");
  DataParallel single(DistributedEnv{});
  model::GramtModel m(c);
  auto data = source(c);
  gramt::train::train(m, data, params_for(dir, 3), single);
  auto p = params_for(dir, 6);
  p.resume = true;
  p.config_yaml = "something else";
  try {
    gramt::train::train(m, data, p, single);
    FAIL() << "resumed with another config";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("different configuration"), std::string::npos) << e.what();
  }
}

TEST(Trainer, KeepsTheLastKCheckpointsAndNamedSteps) {
  const auto c = tiny_training_config();
  const auto dir = temp_dir("keep");
  DataParallel single(DistributedEnv{});
  model::GramtModel m(c);
  auto data = source(c, 2);
  auto p = params_for(dir, 10);
  p.checkpoint_every = 2;
  p.checkpoints.keep_last = 2;
  p.checkpoints.keep_steps = {4};
  gramt::train::train(m, data, p, single);
  EXPECT_EQ(list_checkpoints(dir.string()), (std::vector<int64_t>{4, 8, 10}));
  // Every kept checkpoint is a loadable weights file carrying its config.
  for (int64_t s : list_checkpoints(dir.string())) EXPECT_NO_THROW(model::load_model(checkpoint_weights_path(dir.string(), s)));
}

namespace {
class NanSource : public BatchSource {
 public:
  explicit NanSource(SyntheticBatchSource inner) : inner_(std::move(inner)) {}
  TrainBatch batch(int64_t step) override {
    TrainBatch b = inner_.batch(step);
    if (step >= 2) b.crops.fill_(std::numeric_limits<float>::quiet_NaN());
    return b;
  }
 private:
  SyntheticBatchSource inner_;
};
}  // namespace

TEST(Trainer, NanLossStopsWithTheStepAndKeepsTheLastGoodCheckpoint) {
  const auto c = tiny_training_config();
  const auto dir = temp_dir("nan");
  DataParallel single(DistributedEnv{});
  model::GramtModel m(c);
  NanSource data(source(c, 2));
  auto p = params_for(dir, 6);
  p.checkpoint_every = 2;
  try {
    gramt::train::train(m, data, p, single);
    FAIL() << "NaN loss not detected";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("at step 3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("step-00000002"), std::string::npos) << e.what();
  }
  EXPECT_EQ(list_checkpoints(dir.string()), (std::vector<int64_t>{2}));
}

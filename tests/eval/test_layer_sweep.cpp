// evaluate --layers: every requested layer of a clip from one forward pass, the same numbers as a
// run at that single layer, per-layer results, and a layer beyond the depth refused up front.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/common/error.h"
#include "core/eval/benchmark/evaluate.h"
#include "core/eval/benchmark/layer_results.h"
#include "core/eval/benchmark/results_file.h"
#include "core/eval/predict/split_embeddings.h"
#include "core/eval/tasks/hear_clip_embedder.h"
#include "tests/eval/tasks_test_support.h"

namespace gramt::eval::benchmark {
namespace {

namespace fs = std::filesystem;
using tasks::testing::ScratchFolder;

tasks::HearModelOptions golden_options(std::optional<int> layer = std::nullopt) {
  const std::string golden = std::string(GRAMT_TEST_DATA_DIR) + "/golden/frame";
  tasks::HearModelOptions options;
  options.weights_path = golden + "/weights.safetensors";
  options.config_path = golden + "/model.yaml";
  options.layer = layer;
  return options;
}

// Counts the model calls, to show a sweep makes one per batch, not one per layer.
class CountingEmbedder : public tasks::ClipEmbedder {
 public:
  explicit CountingEmbedder(tasks::ClipEmbedder& inner) : inner_(inner) {}
  int sample_rate() const override { return inner_.sample_rate(); }
  int encoder_depth() const override { return inner_.encoder_depth(); }
  std::vector<tasks::ClipEmbedding> embed_many(const std::vector<audio::AudioBuffer>& clips,
                                               const std::vector<std::string>& names, const ProgressSink& progress) override {
    ++single_calls;
    return inner_.embed_many(clips, names, progress);
  }
  std::vector<std::vector<tasks::ClipEmbedding>> embed_many_at_layers(const std::vector<int>& layers,
                                                                      const std::vector<audio::AudioBuffer>& clips,
                                                                      const std::vector<std::string>& names,
                                                                      const ProgressSink& progress) override {
    ++sweep_calls;
    return inner_.embed_many_at_layers(layers, clips, names, progress);
  }
  int single_calls = 0, sweep_calls = 0;

 private:
  tasks::ClipEmbedder& inner_;
};

TEST(LayerSweep, EachLayerMatchesASingleLayerRun) {
  auto sweep_model = tasks::HearClipEmbedder::open(golden_options());
  const int depth = sweep_model->encoder_depth();
  ASSERT_GE(depth, 1);
  audio::AudioBuffer clip;
  clip.sample_rate = sweep_model->sample_rate();
  clip.channels.assign(1, std::vector<float>(static_cast<size_t>(clip.sample_rate) * 3 / 2));
  for (size_t i = 0; i < clip.channels[0].size(); ++i)
    clip.channels[0][i] = 0.3f * std::sin(0.01f * static_cast<float>(i * (i % 7 + 1)));
  const std::vector<int> layers{depth, 0, 1};
  const auto swept = sweep_model->embed_many_at_layers(layers, {clip}, {"clip"}, {});
  ASSERT_EQ(swept.size(), layers.size());
  for (size_t l = 0; l < layers.size(); ++l) {
    auto single = tasks::HearClipEmbedder::open(golden_options(layers[l]));
    const tasks::ClipEmbedding expected = single->embed_many({clip}, {"clip"}, {}).front();
    const tasks::ClipEmbedding& got = swept[l].front();
    ASSERT_EQ(got.timestamp_embeddings.size(), expected.timestamp_embeddings.size()) << "layer " << layers[l];
    for (size_t i = 0; i < got.timestamp_embeddings.size(); ++i)
      ASSERT_NEAR(got.timestamp_embeddings[i], expected.timestamp_embeddings[i], 1e-5) << "layer " << layers[l] << " value " << i;
  }
  EXPECT_THROW(sweep_model->embed_many_at_layers({depth + 1}, {clip}, {"clip"}, {}), Error);
}

TEST(LayerSweep, EvaluateWritesOneResultsFilePerLayerFromOnePass) {
  ScratchFolder dir("layer-sweep");
  auto model = tasks::HearClipEmbedder::open(golden_options());
  CountingEmbedder counting(*model);
  tasks::testing::make_scene_task(dir.file("tasks/scene"), model->sample_rate());
  EvaluateParams p;
  p.tasks_dir = dir.file("tasks");
  p.embeddings_dir = dir.file("embeddings");
  p.model_tag = "golden";
  p.strategy = "raw";
  p.predict.grid = predict::GridName::faster;
  p.predict.grid_points = 1;
  p.predict.max_workers = 1;
  p.predict.threads_per_worker = 1;
  p.layers = {0, model->encoder_depth()};
  p.layer_model_tags = {"golden-layer=0", "golden-layer=" + std::to_string(model->encoder_depth())};
  const std::vector<EvaluationResults> results = run_layer_sweep(counting, p, {});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(counting.single_calls, 0);
  EXPECT_EQ(counting.sweep_calls, 3);  // one batch per split of the one task, both layers at once
  for (size_t l = 0; l < 2; ++l) {
    const ResultsFile file = read_results_file(dir.file("embeddings/" + p.layer_model_tags[l] + "/results.json"));
    EXPECT_EQ(file.protocol.layer, p.layers[l]);
    ASSERT_EQ(file.tasks.size(), 1u);
    EXPECT_EQ(file.tasks[0].status, "ok") << file.tasks[0].error;
    EXPECT_EQ(file.tasks[0].task_dir, dir.file("embeddings/" + p.layer_model_tags[l] + "/scene"));
  }
  // Layer 0 and the last layer embed differently.
  const auto first = predict::load_split_embeddings(dir.file("embeddings/golden-layer=0/scene"), "train", false);
  const auto last = predict::load_split_embeddings(dir.file("embeddings/" + p.layer_model_tags[1] + "/scene"), "train", false);
  EXPECT_FALSE(torch::allclose(first.embeddings, last.embeddings));
  EXPECT_NE(format_layer_sweep_table(results).find("layer 0"), std::string::npos);

  // A second sweep finds every layer embedded and runs the model no more.
  run_layer_sweep(counting, p, {});
  EXPECT_EQ(counting.sweep_calls, 3);
}

TEST(LayerSweep, ALayerBeyondTheDepthIsOneClearError) {
  ScratchFolder dir("layer-sweep-deep");
  auto model = tasks::HearClipEmbedder::open(golden_options());
  tasks::testing::make_scene_task(dir.file("tasks/scene"), model->sample_rate());
  EvaluateParams p;
  p.tasks_dir = dir.file("tasks");
  p.embeddings_dir = dir.file("embeddings");
  p.model_tag = "golden";
  const int beyond = model->encoder_depth() + 1;
  p.layers = {0, beyond};
  p.layer_model_tags = {"a", "b"};
  try {
    run_layer_sweep(*model, p, {});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("layer " + std::to_string(beyond) + " is beyond the model's depth"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(dir.file("embeddings")));  // nothing half-made
}

}  // namespace
}  // namespace gramt::eval::benchmark

namespace gramt::eval::benchmark {
namespace {

ResultsFile layer_file(const std::string& tag, int64_t layer, std::vector<std::pair<std::string, double>> scores,
                       bool lower_is_better = false) {
  ResultsFile f;
  f.model_tag = tag;
  f.protocol.layer = layer;
  for (const auto& [task, mean] : scores) {
    TaskScore s;
    s.task = task;
    s.mean = mean;
    s.primary_score = lower_is_better ? "angular_error" : "top1_acc";
    s.lower_is_better = lower_is_better;
    f.tasks.push_back(s);
  }
  return f;
}

TEST(LayerTables, TaskByLayerWithTheBestLayerByDirection) {
  EXPECT_EQ(tag_without_layer("demo-strategy=raw-layer=11"), "demo-strategy=raw");
  EXPECT_EQ(tag_without_layer("demo-layer=x"), "demo-layer=x");
  std::vector<ResultsFile> files{layer_file("m-layer=8", 8, {{"keys", 0.7}, {"loc", 30.0}}),
                                 layer_file("m-layer=0", 0, {{"keys", 0.5}, {"loc", 20.0}}),
                                 layer_file("m-layer=4", 4, {{"keys", 0.9}}),
                                 layer_file("other", -1, {{"keys", 1.0}})};
  files[0].tasks[1].lower_is_better = files[1].tasks[1].lower_is_better = true;
  const std::vector<LayerTable> tables = layer_tables(files);
  ASSERT_EQ(tables.size(), 1u);  // the file without a layer is no sweep
  const LayerTable& t = tables[0];
  EXPECT_EQ(t.model, "m");
  EXPECT_EQ(t.layers, (std::vector<int64_t>{0, 4, 8}));
  EXPECT_EQ(t.tasks, (std::vector<std::string>{"keys", "loc"}));
  EXPECT_EQ(t.best_layer, (std::vector<int>{1, 0}));  // keys: 0.9 at layer 4; loc: the lowest error, layer 0
  EXPECT_TRUE(std::isnan(t.scores[1][1]));  // layer 4 has no loc
}

}  // namespace
}  // namespace gramt::eval::benchmark

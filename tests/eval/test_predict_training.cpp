// The MLP predictor, its training loop and whole prediction runs on small synthetic tasks.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>

#include "core/common/error.h"
#include "core/eval/predict/eval_bench.h"
#include "core/eval/predict/grid_point_training.h"
#include "core/eval/format/label_pickle.h"
#include "core/eval/predict/mlp_predictor.h"
#include "core/eval/predict/task_prediction.h"
#include "tests/eval/predict_test_support.h"

namespace gramt::eval::predict {
namespace {

namespace fs = std::filesystem;
using testing::TempFolder;

HyperParams small_hp(int64_t layers, const std::string& init = "xavier_uniform_") {
  HyperParams hp;
  hp.hidden_layers = layers;
  hp.hidden_dim = 256;
  hp.initialization = init;
  return hp;
}

double max_abs(const torch::Tensor& t) { return t.abs().max().item<double>(); }

TEST(MlpPredictor, LayerOrderAndShapes) {
  MlpPredictor two(32, 5, small_hp(2), 1, torch::kCPU);
  ASSERT_EQ(two->hidden->size(), 8u);
  for (size_t block = 0; block < 2; ++block) {
    EXPECT_NE(two->hidden->ptr(block * 4 + 0)->as<torch::nn::Linear>(), nullptr);
    EXPECT_NE(two->hidden->ptr(block * 4 + 1)->as<torch::nn::BatchNorm1d>(), nullptr);
    EXPECT_NE(two->hidden->ptr(block * 4 + 2)->as<SeededDropout>(), nullptr);
    EXPECT_NE(two->hidden->ptr(block * 4 + 3)->as<torch::nn::ReLU>(), nullptr);
  }
  EXPECT_EQ(two->hidden->ptr(0)->as<torch::nn::Linear>()->weight.sizes(), torch::IntArrayRef({256, 32}));
  EXPECT_EQ(two->hidden->ptr(4)->as<torch::nn::Linear>()->weight.sizes(), torch::IntArrayRef({256, 256}));
  EXPECT_EQ(two->projection->weight.sizes(), torch::IntArrayRef({5, 256}));
  EXPECT_DOUBLE_EQ(two->hidden->ptr(2)->as<SeededDropout>()->p(), 0.1);
  EXPECT_EQ(two->forward(torch::randn({4, 32})).sizes(), torch::IntArrayRef({4, 5}));

  HyperParams after = small_hp(1);
  after.norm_after_activation = true;
  MlpPredictor post(32, 5, after, 1, torch::kCPU);
  ASSERT_EQ(post->hidden->size(), 4u);
  EXPECT_NE(post->hidden->ptr(1)->as<SeededDropout>(), nullptr);
  EXPECT_NE(post->hidden->ptr(2)->as<torch::nn::ReLU>(), nullptr);
  EXPECT_NE(post->hidden->ptr(3)->as<torch::nn::BatchNorm1d>(), nullptr);

  MlpPredictor linear(32, 5, small_hp(0), 1, torch::kCPU);
  EXPECT_TRUE(linear->hidden->is_empty());
  EXPECT_EQ(linear->projection->weight.sizes(), torch::IntArrayRef({5, 32}));
}

TEST(MlpPredictor, XavierGainsBiasesAndBatchNormDefaults) {
  const int64_t in = 512;
  const int64_t hidden = 256;
  const int64_t out = 10;
  MlpPredictor model(in, out, small_hp(2), 7, torch::kCPU);
  auto first = model->hidden->ptr(0)->as<torch::nn::Linear>();
  auto second = model->hidden->ptr(4)->as<torch::nn::Linear>();
  const double b1 = std::sqrt(6.0 / (in + hidden));                      // gain 1
  const double b2 = std::sqrt(2.0) * std::sqrt(6.0 / (hidden + hidden));  // ReLU gain
  const double b3 = std::sqrt(2.0) * std::sqrt(6.0 / (hidden + out));
  EXPECT_LE(max_abs(first->weight), b1);
  EXPECT_GT(max_abs(first->weight), 0.98 * b1);
  EXPECT_LE(max_abs(second->weight), b2);
  EXPECT_GT(max_abs(second->weight), 0.98 * b2);
  EXPECT_LE(max_abs(model->projection->weight), b3);
  EXPECT_GT(max_abs(model->projection->weight), 0.9 * b3);
  EXPECT_LE(max_abs(first->bias), 1.0 / std::sqrt(static_cast<double>(in)));
  EXPECT_GT(max_abs(first->bias), 0.8 / std::sqrt(static_cast<double>(in)));
  auto norm = model->hidden->ptr(1)->as<torch::nn::BatchNorm1d>();
  EXPECT_TRUE(torch::equal(norm->weight, torch::ones({hidden})));
  EXPECT_TRUE(torch::equal(norm->bias, torch::zeros({hidden})));
  EXPECT_TRUE(torch::equal(norm->running_var, torch::ones({hidden})));
  EXPECT_DOUBLE_EQ(norm->options.eps(), 1e-5);
  EXPECT_DOUBLE_EQ(norm->options.momentum().value(), 0.1);

  MlpPredictor normal(in, out, small_hp(1, "xavier_normal_"), 7, torch::kCPU);
  const double std1 = std::sqrt(2.0 / (in + hidden));
  EXPECT_NEAR(normal->hidden->ptr(0)->as<torch::nn::Linear>()->weight.std().item<double>(), std1, 0.03 * std1);
  const double std_projection = std::sqrt(2.0) * std::sqrt(2.0 / (hidden + out));
  EXPECT_NEAR(normal->projection->weight.std().item<double>(), std_projection, 0.1 * std_projection);

  MlpPredictor no_hidden(in, out, small_hp(0), 7, torch::kCPU);  // the projection is the first Linear
  EXPECT_LE(max_abs(no_hidden->projection->weight), std::sqrt(6.0 / (in + out)));
}

TEST(MlpPredictor, SeedDecidesEveryDraw) {
  MlpPredictor a(16, 3, small_hp(1), 11, torch::kCPU);
  MlpPredictor b(16, 3, small_hp(1), 11, torch::kCPU);
  MlpPredictor c(16, 3, small_hp(1), 12, torch::kCPU);
  EXPECT_TRUE(torch::equal(a->projection->weight, b->projection->weight));
  EXPECT_FALSE(torch::equal(a->projection->weight, c->projection->weight));
  const torch::Tensor x = torch::ones({64, 16});
  a->train();
  b->train();
  EXPECT_TRUE(torch::equal(a->forward(x), b->forward(x)));  // dropout masks from the model's own generator
}

TEST(MlpPredictor, DropoutOnlyWhileTraining) {
  SeededDropout dropout(0.5, make_seeded_generator(torch::kCPU, 3));
  const torch::Tensor x = torch::ones({200, 100});
  dropout->train();
  const torch::Tensor y = dropout->forward(x);
  const double zeros = (y == 0).to(torch::kFloat64).mean().item<double>();
  EXPECT_NEAR(zeros, 0.5, 0.03);
  EXPECT_DOUBLE_EQ(y.max().item<double>(), 2.0);  // survivors scaled by 1 / (1 - p)
  dropout->eval();
  EXPECT_TRUE(torch::equal(dropout->forward(x), x));
}

// A score that never changes (or is NaN): isolates the early-stopping rules.
class ConstantScore : public TaskScore {
 public:
  explicit ConstantScore(double value) : value_(value) {}
  std::string name() const override { return "top1_acc"; }
  bool maximize() const override { return true; }
  bool logged_as_float32() const override { return true; }
  ScoreValue score_matrix(const float*, const float*, int64_t, int64_t) const override { return value(); }
  ScoreValue score_events(const FileEvents&, const FileEvents&) const override { return value(); }

 private:
  ScoreValue value() const {
    ScoreValue v;
    v.parts.emplace_back("", value_);
    return v;
  }
  double value_;
};

struct TinySetup {
  TaskScores scores;
  TrainingSetup setup;
  RowBlocks train;
  EvaluationSplit valid;
};

void fill_tiny(TinySetup& t, double score) {
  t.scores.push_back(std::make_unique<ConstantScore>(score));
  t.setup.head = make_prediction_head("multiclass", "m.json");
  t.setup.scores = &t.scores;
  t.setup.input_dim = 4;
  t.setup.outputs = 2;
  const torch::Tensor x = torch::randn({40, 4});
  const torch::Tensor y = torch::one_hot(torch::arange(40) % 2, 2).to(torch::kFloat32);
  t.train.add(x, y);
  t.valid.name = "valid";
  t.valid.embeddings = x;
  t.valid.targets = y;
}

TEST(GridPointTraining, RowBlocksSliceAcrossSplits) {
  RowBlocks blocks;
  blocks.add(torch::arange(0, 5, torch::kFloat).unsqueeze(1), torch::zeros({5, 1}));
  blocks.add(torch::arange(5, 8, torch::kFloat).unsqueeze(1), torch::ones({3, 1}));
  EXPECT_EQ(blocks.rows(), 8);
  const auto [x, y] = blocks.slice(3, 7);
  EXPECT_TRUE(torch::equal(x.squeeze(1), torch::arange(3, 7, torch::kFloat)));
  EXPECT_TRUE(torch::equal(y.squeeze(1), torch::tensor({0.0f, 0.0f, 1.0f, 1.0f})));
  EXPECT_TRUE(torch::equal(blocks.slice(6, 8).first.squeeze(1), torch::tensor({6.0f, 7.0f})));
}

TEST(GridPointTraining, PatienceCountsValidationsNotEpochs) {
  TinySetup t;
  fill_tiny(t, 0.5);
  HyperParams hp = small_hp(1);
  hp.hidden_dim = 8;
  hp.check_val_every_n_epoch = 2;
  hp.patience = 3;
  hp.max_epochs = 100;
  const GridPointOutcome outcome = train_grid_point(hp, 1, t.train, t.valid, t.setup, {});
  EXPECT_EQ(outcome.best_epoch, 1);  // first validation; equal later values do not replace it
  EXPECT_EQ(outcome.validations, 4);
  EXPECT_EQ(outcome.epochs_trained, 8);
  EXPECT_DOUBLE_EQ(outcome.validation_score, 0.5f);
}

TEST(GridPointTraining, NonFiniteScoreStopsAtOnce) {
  TinySetup t;
  fill_tiny(t, std::nan(""));
  HyperParams hp = small_hp(0);
  hp.check_val_every_n_epoch = 3;
  hp.max_epochs = 50;
  const GridPointOutcome outcome = train_grid_point(hp, 1, t.train, t.valid, t.setup, {});
  EXPECT_EQ(outcome.epochs_trained, 3);
  EXPECT_EQ(outcome.best_epoch, 2);
  EXPECT_TRUE(std::isinf(outcome.validation_score) && outcome.validation_score < 0);
}

PredictParams test_params(GridName grid, int64_t points) {
  PredictParams p;
  p.grid = grid;
  p.grid_points = points;
  p.threads_per_worker = 1;
  return p;
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The kits write bare NaN/Infinity; only finite values are expected here.
  return nlohmann::json::parse(text);
}

TEST(TaskPrediction, SeparableSceneTaskReachesHighAccuracyWithFasterGrid) {
  TempFolder dir("scene");
  testing::write_separable_scene_task(dir.path(), "trainvaltest", 2100, 16, 4);
  const TaskPredictionResult result = predict_task(dir.path(), test_params(GridName::faster, 4), {});
  EXPECT_GE(result.headline_test_score, 0.95);
  ASSERT_EQ(result.grid_points.size(), 4u);
  const nlohmann::json scores = read_json(dir.file("test.predicted-scores.json"));
  ASSERT_TRUE(scores.contains("test"));
  for (const char* key : {"test_loss", "test_score", "test_top1_acc", "validation_score", "epoch", "time_in_min"}) {
    EXPECT_TRUE(scores["test"].contains(key)) << key;
  }
  EXPECT_FALSE(scores.contains("aggregated_scores"));
  EXPECT_EQ(scores["score_mode"], "max");
  EXPECT_EQ(scores["postprocessing"], nlohmann::json::array());
  EXPECT_EQ(scores["embedding_path"], dir.path());
  EXPECT_EQ(scores["hparams"]["max_epochs"], 10);
  EXPECT_EQ(scores["grid_search"]["points"].size(), 4u);
  EXPECT_EQ(scores["test"]["test_score"], scores["test"]["test_top1_acc"]);
  const nlohmann::json done = read_json(dir.file("prediction-done.json"));
  EXPECT_EQ(done["embedding_size"], 16);
  EXPECT_EQ(done["gpu_device_name"], "cpu");
  EXPECT_TRUE(fs::exists(dir.file("test.test-predictions.npy")));
  // A second run with skip_if_done leaves the task alone, as the kits do.
  PredictParams again = test_params(GridName::faster, 4);
  again.skip_if_done = true;
  EXPECT_TRUE(predict_task(dir.path(), again, {}).skipped);
}

TEST(TaskPrediction, KFoldRetrainsAndAggregates) {
  TempFolder dir("kfold");
  testing::write_separable_scene_task(dir.path(), "new_split_kfold", 300, 8, 3, 4);  // train = 2 folds
  const TaskPredictionResult result = predict_task(dir.path(), test_params(GridName::faster, 2), {});
  const nlohmann::json scores = read_json(dir.file("test.predicted-scores.json"));
  for (const char* fold : {"fold00", "fold01", "fold02", "fold03"}) {
    ASSERT_TRUE(scores.contains(fold)) << fold;
    EXPECT_TRUE(scores[fold].contains("test_top1_acc")) << fold;
  }
  const auto& agg = scores["aggregated_scores"];
  for (const char* key : {"test_loss_mean", "test_loss_std", "test_score_mean", "test_score_std", "test_top1_acc_mean",
                          "validation_score_mean", "epoch_mean", "epoch_std", "time_in_min_mean"}) {
    EXPECT_TRUE(agg.contains(key)) << key;
  }
  double sum = 0.0;
  for (const char* fold : {"fold00", "fold01", "fold02", "fold03"}) sum += scores[fold]["test_score"].get<double>();
  EXPECT_NEAR(agg["test_score_mean"].get<double>(), sum / 4.0, 1e-12);
  EXPECT_EQ(result.grid_points.size(), 2u);
  EXPECT_NEAR(result.headline_test_score, agg["test_score_mean"].get<double>(), 1e-12);
}

TEST(TaskPrediction, ConcurrentGridPointsTrainExactlyAsSequentialOnes) {
  TempFolder dir("concurrent");
  testing::write_separable_scene_task(dir.path(), "trainvaltest", 400, 8, 3);
  PredictParams sequential = test_params(GridName::faster, 4);
  sequential.max_workers = 1;
  PredictParams concurrent = sequential;
  concurrent.max_workers = 4;
  const PreparedTask task = load_prepared_task(dir.path(), sequential);
  const TaskPredictionResult a = run_prepared_task(task, sequential, {});
  const TaskPredictionResult b = run_prepared_task(task, concurrent, {});
  EXPECT_EQ(b.plan.workers, 4);
  ASSERT_EQ(a.grid_points.size(), b.grid_points.size());
  for (size_t i = 0; i < a.grid_points.size(); ++i) {
    EXPECT_EQ(a.grid_points[i].validation_score, b.grid_points[i].validation_score) << i;
    EXPECT_EQ(a.grid_points[i].epoch, b.grid_points[i].epoch) << i;
  }
  EXPECT_EQ(a.scores["test"]["test_loss"], b.scores["test"]["test_loss"]);
}

TEST(TaskPrediction, EventTaskEndToEnd) {
  TempFolder dir("events");
  testing::write_event_task(dir.path(), 6, 80, 6);
  // More steps than one 1024-row batch per epoch gives: a task-specific grid, as tasks may carry.
  nlohmann::json metadata = read_json(dir.file("task_metadata.json"));
  metadata["evaluation_params"] = {{"task_specific_param_grid", {{"batch_size", {32}}, {"max_epochs", {20}}, {"lr", {3.2e-3}}}}};
  testing::write_text(dir.file("task_metadata.json"), metadata.dump());
  PredictParams params = test_params(GridName::faster, 2);
  params.kit = KitFlavour::hear;
  const TaskPredictionResult result = predict_task(dir.path(), params, {});
  EXPECT_GE(result.headline_test_score, 0.8);
  const nlohmann::json scores = read_json(dir.file("test.predicted-scores.json"));
  for (const char* key : {"test_loss", "test_score", "test_event_onset_200ms_fms", "test_event_onset_200ms_fms_f_measure",
                          "test_event_onset_200ms_fms_precision", "test_event_onset_200ms_fms_recall"}) {
    EXPECT_TRUE(scores["test"].contains(key)) << key;
  }
  ASSERT_EQ(scores["postprocessing"].size(), 2u);
  EXPECT_EQ(scores["postprocessing"][0][0], "median_filter_ms");
  EXPECT_EQ(scores["postprocessing"][0][1], 250);
  EXPECT_EQ(scores["postprocessing"][1][0], "min_duration");
  const nlohmann::json events = read_json(dir.file("test.predicted-events.json"));
  EXPECT_EQ(events.size(), 6u);
  EXPECT_TRUE(events.contains("test_0.wav"));
}

TEST(TaskPrediction, LocalizationWritesItsOwnFilesAndMinimises) {
  TempFolder dir("localization");
  testing::write_separable_scene_task(dir.path(), "trainvaltest", 300, 8, 3);
  // Replace the labels by coordinate vectors derived from the class.
  for (const char* split : {"train", "valid", "test"}) {
    std::ifstream in(dir.file(std::string(split) + ".target-labels.pkl"), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const nlohmann::json rows = format::decode_label_pickle(bytes, "test pickle");
    nlohmann::json vectors = nlohmann::json::array();
    for (const auto& row : rows) {
      const int c = row[0].get<std::string>().back() - '0';
      vectors.push_back({0.3 * c, -0.2 * c, 0.1});
    }
    testing::write_text(dir.file(std::string(split) + ".target-labels.pkl"), testing::pickle_label_rows(vectors));
  }
  nlohmann::json metadata = read_json(dir.file("task_metadata.json"));
  metadata["evaluation"] = {"3d_source_local"};
  testing::write_text(dir.file("task_metadata.json"), metadata.dump());
  PredictParams params = test_params(GridName::faster, 2);
  params.localization = "cartesian-regression";
  predict_task(dir.path(), params, {});
  EXPECT_TRUE(fs::exists(dir.file("test.predicted-scores-localization.json")));
  EXPECT_TRUE(fs::exists(dir.file("prediction-done-localization.json")));
  EXPECT_TRUE(fs::exists(dir.file("test.test-predictions-localization.npy")));
  EXPECT_FALSE(fs::exists(dir.file("test.predicted-scores.json")));
  EXPECT_EQ(read_json(dir.file("test.predicted-scores-localization.json"))["score_mode"], "min");
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(TaskPrediction, BadInputsNameTheFile) {
  TempFolder dir("bad");
  testing::write_separable_scene_task(dir.path(), "trainvaltest", 50, 4, 2);
  const PredictParams params = test_params(GridName::faster, 1);
  auto load = [&] { load_prepared_task(dir.path(), params); };
  ASSERT_EQ(error_of(load), "");

  testing::write_text(dir.file("valid.embedding-dimensions.json"), "[51, 4]");
  std::string message = error_of(load);
  EXPECT_NE(message.find("valid.embeddings.npy"), std::string::npos) << message;
  EXPECT_NE(message.find("valid.embedding-dimensions.json"), std::string::npos) << message;

  testing::write_text(dir.file("valid.embedding-dimensions.json"), "[25, 8]");
  message = error_of(load);
  EXPECT_NE(message.find("valid.embedding-dimensions.json"), std::string::npos) << message;
  EXPECT_NE(message.find("width"), std::string::npos) << message;

  testing::write_text(dir.file("valid.embedding-dimensions.json"), "[50, 4]");
  fs::remove(dir.file("test.target-labels.pkl"));
  message = error_of(load);
  EXPECT_NE(message.find("test.target-labels.pkl"), std::string::npos) << message;

  testing::write_text(dir.file("test.target-labels.pkl"), testing::pickle_label_rows(nlohmann::json::array({{"class0", "class1"}})));
  message = error_of(load);
  EXPECT_NE(message.find("test.target-labels.pkl"), std::string::npos) << message;

  nlohmann::json rows = nlohmann::json::array();
  for (int i = 0; i < 50; ++i) rows.push_back(i == 7 ? nlohmann::json({"class0", "class1"}) : nlohmann::json({"class0"}));
  testing::write_text(dir.file("test.target-labels.pkl"), testing::pickle_label_rows(rows));
  message = error_of(load);
  EXPECT_NE(message.find("test.target-labels.pkl: row 7"), std::string::npos) << message;

  rows[7] = {"class9"};
  testing::write_text(dir.file("test.target-labels.pkl"), testing::pickle_label_rows(rows));
  message = error_of(load);
  EXPECT_NE(message.find("class9"), std::string::npos) << message;

  fs::remove(dir.file("task_metadata.json"));
  message = error_of(load);
  EXPECT_NE(message.find("task_metadata.json"), std::string::npos) << message;

  EXPECT_NE(error_of([] { load_prepared_task("/nonexistent/task", PredictParams{}); }).find("/nonexistent/task"),
            std::string::npos);
}

TEST(EvalBench, ReportsConsistentFigures) {
  PredictorBenchParams params;
  params.rows = 300;
  params.width = 8;
  params.classes = 3;
  params.predict.grid = GridName::faster;
  params.predict.grid_points = 2;
  params.predict.threads_per_worker = 1;
  const PredictorBenchResult result = bench_predictor_training(params, {});
  ASSERT_EQ(result.points.size(), 2u);
  int64_t epochs = 0;
  for (const auto& p : result.points) epochs += p.epochs_trained;
  EXPECT_GT(epochs, 0);
  EXPECT_EQ(result.rows_loaded, 2 * 300);
  EXPECT_GE(result.rows_fed, epochs * 240);
  EXPECT_GT(result.kit_overhead_seconds, 0.0);
  EXPECT_NEAR(result.kit_estimated_seconds, result.kit_compute_seconds + result.kit_overhead_seconds, 1e-9);
  EXPECT_GT(result.grid_seconds, 0.0);
}

}  // namespace
}  // namespace gramt::eval::predict

// Memo references let a few bytes describe a list inside itself or 2^40 copies of one list: both
// are refused with the pickle named, in bounded time and memory.
TEST(LabelPickle, SelfReferenceAndExponentialSharingAreRefused) {
  auto error_of = [](const std::string& bytes) {
    try {
      gramt::eval::format::decode_label_pickle(bytes, "labels.pkl");
    } catch (const gramt::Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const std::string self = std::string("\x80\x02]q\x00h\x00", 8) + "a.";
  EXPECT_NE(error_of(self).find("labels.pkl"), std::string::npos) << error_of(self);
  std::string doubling = std::string("\x80\x02(]q\x00", 6);
  for (int level = 1; level <= 40; ++level) {
    doubling += "](h";
    doubling += static_cast<char>(level - 1);
    doubling += 'h';
    doubling += static_cast<char>(level - 1);
    doubling += "eq";
    doubling += static_cast<char>(level);
  }
  doubling += "t.";
  const std::string e = error_of(doubling);
  EXPECT_NE(e.find("expands to far more values"), std::string::npos) << e;
}

// The predictor's ACCDOA path (listen-eval-kit, prediction_type accdoa): targets, the SELD inputs
// built from split labels and outputs, a whole task trained and scored, and its bad inputs.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/eval/predict/accdoa_scoring.h"
#include "core/eval/predict/prediction_head.h"
#include "core/eval/predict/task_prediction.h"
#include "tests/eval/predict_test_support.h"

namespace gramt::eval::predict {
namespace {

namespace fs = std::filesystem;
using testing::TempFolder;

format::LabelVocabulary two_labels() { return format::parse_label_vocabulary("idx,label\n0,bell\n1,dog\n", "labelvocabulary.csv"); }

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(AccdoaTargets, UnitVectorsPerClassAndLaterEntriesOverwrite) {
  const PredictionHead head = make_prediction_head("accdoa", "m.json");
  EXPECT_EQ(head.kind, HeadKind::accdoa);
  const nlohmann::json rows = nlohmann::json::parse(R"([[], [["dog", [90, 0]]], [["bell", [0, 90]], ["bell", [180, 0]]]])");
  const torch::Tensor t = encode_targets(rows, head, two_labels(), "train.target-labels.pkl");
  ASSERT_EQ(t.sizes(), (std::vector<int64_t>{3, 6}));
  const auto a = t.accessor<float, 2>();
  for (int k = 0; k < 6; ++k) EXPECT_EQ(a[0][k], 0.0f);
  EXPECT_NEAR(a[1][3], 0.0, 1e-6);  // dog x
  EXPECT_NEAR(a[1][4], 1.0, 1e-6);  // dog y
  EXPECT_NEAR(a[1][5], 0.0, 1e-6);
  EXPECT_NEAR(a[2][0], -1.0, 1e-6);  // the second bell entry (azimuth 180) overwrote the first
  EXPECT_NEAR(a[2][2], 0.0, 1e-6);
  EXPECT_EQ(a[1][0], 0.0f);
}

TEST(AccdoaTargets, ActivationIsTanhAndLossIsMseOnIt) {
  const PredictionHead head = make_prediction_head("accdoa", "m.json");
  const torch::Tensor logits = torch::tensor({{0.5f, -1.0f, 2.0f}});
  const torch::Tensor targets = torch::tensor({{0.0f, 0.0f, 1.0f}});
  EXPECT_TRUE(torch::allclose(head.activation(logits), torch::tanh(logits)));
  EXPECT_NEAR(head.loss(logits, targets).item<float>(), torch::mse_loss(torch::tanh(logits), targets).item<float>(), 1e-7);
}

TEST(AccdoaTargets, EntryWithoutDirectionNamesTheRow) {
  const PredictionHead head = make_prediction_head("accdoa", "m.json");
  const std::string message =
      error_of([&] { encode_targets(nlohmann::json::parse(R"([[["dog"]]])"), head, two_labels(), "train.target-labels.pkl"); });
  EXPECT_NE(message.find("train.target-labels.pkl: row 0"), std::string::npos) << message;
  EXPECT_NE(message.find("[label, [azimuth_deg, elevation_deg]]"), std::string::npos) << message;
}

TEST(PolarRegression, KitFlavourChoosesTheVariant) {
  EXPECT_EQ(make_prediction_head("polar-regression", "x", KitFlavour::listen).kind, HeadKind::regression_tanh);
  EXPECT_EQ(make_prediction_head("polar-regression", "x", KitFlavour::hear).kind, HeadKind::regression_identity);
  EXPECT_EQ(make_prediction_head("cartesian-regression", "x", KitFlavour::hear).kind, HeadKind::regression_tanh);
}

TEST(AccdoaReference, FramesEndInclusiveBlocksFromTheLastFilesHop) {
  // a.wav: 100 ms frames; b.wav: 50 ms frames (the kit's block length comes from the last file).
  const EventFrameIndex frames = index_event_frames({"a.wav", "a.wav", "a.wav", "a.wav", "b.wav", "b.wav", "b.wav"},
                                                    {0, 100, 200, 300, 0, 50, 100});
  const nlohmann::json split = {
      {"a.wav", {{{"label", "dog"}, {"start", 100}, {"end", 200}, {"direction", {30, 10}}}}},
      {"b.wav", nlohmann::json::array()}};
  AccdoaSetup setup;
  setup.source_dynamics = "static";
  const AccdoaReference ref = accdoa_reference(split, "valid.json", frames, two_labels(), setup);
  ASSERT_EQ(ref.by_file.size(), 1u);  // b.wav has no active frame
  const auto& doas = ref.by_file.at("a.wav");
  ASSERT_EQ(doas.size(), 2u);  // frames 1 and 2: the end is inclusive
  EXPECT_EQ(doas[0].frame, 1);
  EXPECT_EQ(doas[1].frame, 2);
  EXPECT_EQ(doas[0].class_index, 1);
  EXPECT_EQ(doas[0].azimuth_deg, 30);
  EXPECT_EQ(ref.max_frames, 4);
  EXPECT_EQ(ref.block_frames, 20);  // int(1000 // 50)

  setup.source_dynamics = "dynamic";
  setup.label_frames_per_second = 10;
  EXPECT_EQ(accdoa_reference(split, "valid.json", frames, two_labels(), setup).block_frames, 10);
}

TEST(AccdoaReference, PredictedClassesActiveAboveHalfLength) {
  const EventFrameIndex frames = index_event_frames({"a.wav", "a.wav"}, {100, 0});
  // Row 0 is frame 1 (timestamps sort the frames); bell (0.25, 0.25, 0.25) is shorter than 0.5.
  const std::vector<float> outputs = {0.25f, 0.25f, 0.25f, 0.0f, 0.6f, 0.0f,  // row 0
                                      0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};  // row 1
  const auto doas = accdoa_predicted_doas(outputs.data(), 2, frames);
  ASSERT_EQ(doas.at("a.wav").size(), 1u);
  EXPECT_EQ(doas.at("a.wav")[0].frame, 1);
  EXPECT_EQ(doas.at("a.wav")[0].class_index, 1);
  EXPECT_FLOAT_EQ(static_cast<float>(doas.at("a.wav")[0].y), 0.6f);
}

TEST(AccdoaSetup, FieldsAreCheckedByName) {
  EXPECT_NE(error_of([] { read_accdoa_setup({{"task_name", "t"}}, "m.json"); }).find("m.json: field 'source_dynamics'"),
            std::string::npos);
  EXPECT_NE(error_of([] { read_accdoa_setup({{"source_dynamics", "dynamic"}}, "m.json"); }).find("_nb_label_frames_1s"),
            std::string::npos);
  const nlohmann::json bad = {{"source_dynamics", "static"}, {"scoring_params", {{"average", "weighted"}}}};
  EXPECT_NE(error_of([&] { read_accdoa_setup(bad, "m.json"); }).find("scoring_params.average"), std::string::npos);
  const nlohmann::json good = {{"source_dynamics", "static"},
                               {"scoring_params", {{"doa_threshold", 15}, {"azimuth_limits", {-90, 90}}}}};
  const AccdoaSetup setup = read_accdoa_setup(good, "m.json");
  EXPECT_EQ(setup.seld.doa_threshold_deg, 15.0);
  EXPECT_EQ(setup.seld.azimuth_limits[0], -90);
  EXPECT_EQ(setup.seld.elevation_limits[1], 50);  // default kept
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return nlohmann::json::parse(text);
}

TEST(AccdoaTask, TrainsAndScoresWithSeldAndOldSeld) {
  TempFolder dir("accdoa");
  testing::write_accdoa_task(dir.path(), 6, 40);
  PredictParams params;
  params.grid = GridName::faster;
  params.grid_points = 2;
  params.threads_per_worker = 1;
  const TaskPredictionResult result = predict_task(dir.path(), params, {});
  const nlohmann::json scores = read_json(dir.file("test.predicted-scores.json"));
  const auto& test = scores["test"];
  EXPECT_EQ(scores["score_mode"], "min");
  // SELD first: it is the primary score; OldSELD is logged under "SELD" too, and under its own name.
  for (const char* key : {"test_SELD_ER", "test_SELD_F", "test_SELD_LE", "test_SELD_LR", "test_SELD_all_frames",
                          "test_SELD_all_frames_F", "test_OldSELD", "test_OldSELD_F", "test_OldSELD_doa_resolution"}) {
    EXPECT_TRUE(test.contains(key)) << key;
  }
  EXPECT_LT(test["test_score"].get<double>(), 0.35);  // a learnable task: a silent or random probe scores ~1
  EXPECT_GT(test["test_SELD_all_frames_F"].get<double>(), 0.7);
  EXPECT_EQ(scores["postprocessing"], nlohmann::json::array());
  EXPECT_DOUBLE_EQ(result.headline_test_score, test["test_score"].get<double>());
  EXPECT_TRUE(fs::exists(dir.file("test.predictions.pkl")));
  EXPECT_TRUE(fs::exists(dir.file("prediction-done.json")));
}

TEST(AccdoaTask, SceneEmbeddingsAreRefusedByName) {
  TempFolder dir("accdoa-scene");
  testing::write_accdoa_task(dir.path(), 2, 30, {{"embedding_type", "scene"}});
  PredictParams params;
  params.grid = GridName::faster;
  const std::string message = error_of([&] { predict_task(dir.path(), params, {}); });
  EXPECT_NE(message.find("task_metadata.json: prediction_type 'accdoa' needs embedding_type 'event'"), std::string::npos)
      << message;
  EXPECT_FALSE(fs::exists(dir.file("test.predicted-scores.json")));
  EXPECT_FALSE(fs::exists(dir.file("prediction-done.json")));
}

TEST(AccdoaTask, ScoresThatCannotReadDirectionsAreRefused) {
  TempFolder dir("accdoa-score");
  testing::write_accdoa_task(dir.path(), 2, 30, {{"evaluation", {"event_onset_200ms_fms"}}});
  PredictParams params;
  params.grid = GridName::faster;
  const std::string message = error_of([&] { predict_task(dir.path(), params, {}); });
  EXPECT_NE(message.find("field 'evaluation': 'event_onset_200ms_fms'"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir.file("test.predicted-scores.json")));
}

}  // namespace
}  // namespace gramt::eval::predict

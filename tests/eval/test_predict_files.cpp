// The predictor's file formats and pure functions: kit JSON formatting, label pickles, metadata
// and vocabulary parsing, fold splits, fold aggregation, event post-processing, scores file layout.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/common/error.h"
#include "core/eval/predict/event_postprocessing.h"
#include "core/eval/predict/fold_aggregation.h"
#include "core/eval/predict/fold_splits.h"
#include "core/eval/predict/grid_search_record.h"
#include "core/eval/format/python_json.h"
#include "core/eval/format/label_pickle.h"
#include "core/eval/predict/predicted_scores_file.h"
#include "core/eval/format/task_metadata.h"
#include "core/eval/predict/task_scores.h"

namespace gramt::eval::predict {
namespace {

std::string data_file(const std::string& name) { return std::string(GRAMT_TEST_DATA_DIR) + "/eval/" + name; }

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

float f32(double v) { return static_cast<float>(v); }

TEST(KitJson, FloatReprMatchesPython) {
  EXPECT_EQ(format::python_float_repr(0.1), "0.1");
  EXPECT_EQ(format::python_float_repr(3.0), "3.0");
  EXPECT_EQ(format::python_float_repr(1e-4), "0.0001");
  EXPECT_EQ(format::python_float_repr(1e-5), "1e-05");
  EXPECT_EQ(format::python_float_repr(1e16), "1e+16");
  EXPECT_EQ(format::python_float_repr(1e15), "1000000000000000.0");
  EXPECT_EQ(format::python_float_repr(-2.5e-7), "-2.5e-07");
  EXPECT_EQ(format::python_float_repr(static_cast<double>(f32(0.8202))), "0.8202000260353088");
  EXPECT_EQ(format::python_float_repr(std::nan("")), "NaN");
  EXPECT_EQ(format::python_float_repr(-INFINITY), "-Infinity");
  EXPECT_EQ(format::python_float_repr(1.5e300), "1.5e+300");
}

TEST(KitJson, DumpMatchesPythonJsonDumpsIndent4) {
  nlohmann::ordered_json doc;
  doc["fold00"] = {{"test_loss", static_cast<double>(f32(0.4891))},
                   {"test_score", static_cast<double>(f32(0.8202))},
                   {"validation_score", 0.838},
                   {"epoch", 104},
                   {"time_in_min", 0.2871234}};
  doc["aggregated_scores"] = {{"epoch_mean", 258.2}, {"epoch_std", std::nan("")}, {"big", 1e16},
                              {"small", 1e-05},      {"tiny", 0.0001},            {"inf", INFINITY},
                              {"ninf", -INFINITY},   {"whole", 3.0},              {"neg", -2.5e-07},
                              {"large", 123456789012345.6}};
  doc["hparams"] = {{"hidden_layers", 1},
                    {"lr", 0.0032},
                    {"norm_after_activation", false},
                    {"hidden_norm", "<class 'torch.nn.modules.batchnorm.BatchNorm1d'>"}};
  doc["postprocessing"] = nlohmann::ordered_json::parse(R"([["median_filter_ms", 250], ["min_duration", 125]])");
  doc["empty_list"] = nlohmann::ordered_json::array();
  doc["empty_dict"] = nlohmann::ordered_json::object();
  doc["text"] = "caf\xc3\xa9 \"q\"\n";
  doc["none"] = nullptr;
  EXPECT_EQ(format::dump_kit_json(doc), read_all(data_file("kit_json_expected.json")));
}

TEST(LabelPickle, ReadsWhatPythonWrites) {
  for (const char* name : {"labels_protocol2.pkl", "labels_protocol4.pkl", "labels_protocol5.pkl"}) {
    const nlohmann::json rows = format::read_label_pickle(data_file(name));
    ASSERT_TRUE(rows.is_array()) << name;
    ASSERT_EQ(rows.size(), 9u) << name;
    EXPECT_EQ(rows[0], nlohmann::json({"dog"})) << name;
    EXPECT_EQ(rows[1], nlohmann::json({"cat", "dog"})) << name;
    EXPECT_EQ(rows[2][0], 21) << name;
    EXPECT_EQ(rows[3][0], 1.5) << name;
    EXPECT_EQ(rows[3][1], true) << name;
    EXPECT_TRUE(rows[3][2].is_null()) << name;
    EXPECT_EQ(rows[4], nlohmann::json({"shared"})) << name;  // memoised list filled after MEMOIZE
    EXPECT_EQ(rows[5], nlohmann::json({"shared"})) << name;
    EXPECT_EQ(rows[6], nlohmann::json::array()) << name;
    EXPECT_EQ(rows[7][0][0], "Speech") << name;
    EXPECT_EQ(rows[7][0][1], nlohmann::json({10.0, -20})) << name;
    EXPECT_EQ(rows[8], nlohmann::json({int64_t{1} << 40, -3, 300, 70000})) << name;
  }
}

TEST(LabelPickle, RejectsWhatItDoesNotUnderstand) {
  for (const char* name : {"labels_unsupported.pkl", "labels_truncated.pkl", "no_such_file.pkl"}) {
    try {
      format::read_label_pickle(data_file(name));
      FAIL() << name;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }
}

TEST(TaskMetadata, ParsesTheFieldsPredictionNeeds) {
  const nlohmann::ordered_json j = {{"task_name", "maestro"},
                            {"embedding_type", "event"},
                            {"prediction_type", "multilabel"},
                            {"split_mode", "new_split_kfold"},
                            {"splits", {"fold00", "fold01", "fold02"}},
                            {"evaluation", {"event_onset_50ms_fms", "event_onset_offset_50ms_20perc_fms"}},
                            {"use_scoring_for_early_stopping", false},
                            {"evaluation_params",
                             {{"event_postprocessing_grid", {{"median_filter_ms", {150}}, {"min_duration", {50}}}},
                              {"task_specific_param_grid", {{"max_epochs", {50}}}}}},
                            {"nfolds", 3},
                            {"sample_duration", nullptr}};
  const format::TaskMetadata m = format::parse_task_metadata(j, "maestro/task_metadata.json");
  EXPECT_EQ(m.evaluation.front(), "event_onset_50ms_fms");
  EXPECT_FALSE(m.use_scoring_for_early_stopping);
  EXPECT_EQ(m.task_specific_param_grid["max_epochs"][0], 50);
  EXPECT_EQ(m.event_postprocessing_grid["median_filter_ms"][0], 150);
  nlohmann::ordered_json bad = j;
  bad["split_mode"] = "random";
  try {
    format::parse_task_metadata(bad, "maestro/task_metadata.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("maestro/task_metadata.json"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("split_mode"), std::string::npos);
  }
  bad = j;
  bad.erase("evaluation");
  EXPECT_THROW(format::parse_task_metadata(bad, "m.json"), Error);
}

TEST(LabelVocabulary, FollowsPandasTypeInference) {
  const format::LabelVocabulary pitches = format::parse_label_vocabulary("idx,label\n0,021\n1,22\n2,108\n", "v.csv");
  EXPECT_EQ(pitches.labels, (std::vector<std::string>{"21", "22", "108"}));
  EXPECT_EQ(pitches.index_of.at("21"), 0);
  const format::LabelVocabulary mixed = format::parse_label_vocabulary("idx,label\r\n1,Dog\r\n0,\"a,b\"\r\n", "v.csv");
  EXPECT_EQ(mixed.labels, (std::vector<std::string>{"a,b", "Dog"}));
  EXPECT_EQ(format::python_label_string(nlohmann::json(21)), "21");
  EXPECT_EQ(format::python_label_string(nlohmann::json(1.5)), "1.5");
  EXPECT_EQ(format::python_label_string(nlohmann::json("x")), "x");
  EXPECT_THROW(format::parse_label_vocabulary("idx,label\n0,a\n2,b\n", "v.csv"), Error);
  EXPECT_THROW(format::parse_label_vocabulary("index,name\n0,a\n", "v.csv"), Error);
}

// The grid-search record of a scores file: written once, read back field for field, read from a
// file written before the typed record existed, and compared with the wanted protocol.
TEST(GridSearchRecord, RoundTripOldFilesAndMismatch) {
  GridSearchRecord record;
  record.grid = "faster";
  record.kit = "listen";
  record.grid_points = 2;
  record.seed = 7;
  record.device = "cpu";
  record.best_grid_point = 1;
  GridPointRecord point;
  point.hparams = {{"lr", 0.001}};
  point.validation_score = 0.6;
  point.epoch = 2;
  point.epochs_trained = 6;
  point.time_in_min = 0.5;
  record.points = {point, point};
  record.points[0].failure = "non-finite prediction";
  const nlohmann::ordered_json scores = {{"grid_search", to_json(record)}};
  EXPECT_EQ(format::dump_kit_json(scores["grid_search"]["points"][1]),
            "{\n    \"hparams\": {\n        \"lr\": 0.001\n    },\n    \"validation_score\": 0.6,\n    \"epoch\": 2,\n"
            "    \"epochs_trained\": 6,\n    \"time_in_min\": 0.5\n}");
  const auto back = read_grid_search_record(scores);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(to_json(*back), to_json(record));
  EXPECT_EQ(back->points[0].failure, "non-finite prediction");

  // A record as `predict` wrote it before (some fields absent, a NaN score read as null).
  const auto old = read_grid_search_record(nlohmann::ordered_json::parse(
      R"({"grid_search": {"grid": "default", "seed": 42, "points": [{"hparams": {}, "validation_score": null}]}})"));
  ASSERT_TRUE(old.has_value());
  EXPECT_FALSE(old->kit.has_value());
  EXPECT_FALSE(old->points[0].validation_score.has_value());
  EXPECT_EQ(mismatch(*old, {"default", "hear", 8, 42}), "") << "absent settings are trusted";
  EXPECT_EQ(mismatch(*old, {"fast", "hear", 8, 1}), "seed 42 (not 1), grid \"default\" (not \"fast\")");
  EXPECT_FALSE(read_grid_search_record(nlohmann::ordered_json::parse(R"({"test": {}})")).has_value());
  std::vector<std::string> notes;
  const auto odd = read_grid_search_record(nlohmann::ordered_json::parse(R"({"grid_search": {"seed": "x"}})"), &notes);
  ASSERT_TRUE(odd.has_value());
  EXPECT_FALSE(odd->seed.has_value());
  EXPECT_FALSE(notes.empty());
}

TEST(FoldSplits, KFoldRotatesTestAndValid) {
  const auto folds = make_fold_splits("new_split_kfold", {"fold02", "fold00", "fold01", "fold03"}, "m.json");
  ASSERT_EQ(folds.size(), 4u);
  EXPECT_EQ(folds[0].test, (std::vector<std::string>{"fold00"}));
  EXPECT_EQ(folds[0].valid, (std::vector<std::string>{"fold01"}));
  EXPECT_EQ(folds[0].train, (std::vector<std::string>{"fold02", "fold03"}));
  EXPECT_EQ(folds[3].test, (std::vector<std::string>{"fold03"}));
  EXPECT_EQ(folds[3].valid, (std::vector<std::string>{"fold00"}));
  EXPECT_EQ(folds[3].train, (std::vector<std::string>{"fold01", "fold02"}));
  EXPECT_EQ(folds[2].test_key(), "fold02");
  const auto tvt = make_fold_splits("trainvaltest", {"train", "valid", "test"}, "m.json");
  ASSERT_EQ(tvt.size(), 1u);
  EXPECT_EQ(tvt[0].test_key(), "test");
  EXPECT_THROW(make_fold_splits("trainvaltest", {"train", "test"}, "m.json"), Error);
  EXPECT_THROW(make_fold_splits("presplit_kfold", {"fold00", "fold01"}, "m.json"), Error);
}

TEST(FoldAggregation, MeanAndSampleStdSkippingNaN) {
  std::vector<nlohmann::ordered_json> folds{
      {{"test_loss", 1.0}, {"test_score", 0.5}, {"epoch", 2}},
      {{"test_loss", 3.0}, {"test_score", std::nan("")}, {"epoch", 5}},
      {{"test_loss", 5.0}, {"test_score", 0.7}, {"epoch", 8}},
  };
  const auto agg = aggregate_fold_scores(folds);
  const std::vector<std::string> keys{"test_loss_mean", "test_loss_std", "test_score_mean", "test_score_std",
                                      "epoch_mean", "epoch_std"};
  std::vector<std::string> got;
  for (auto it = agg.begin(); it != agg.end(); ++it) got.push_back(it.key());
  EXPECT_EQ(got, keys);
  EXPECT_DOUBLE_EQ(agg["test_loss_mean"].get<double>(), 3.0);
  EXPECT_DOUBLE_EQ(agg["test_loss_std"].get<double>(), 2.0);  // ddof = 1
  EXPECT_DOUBLE_EQ(agg["test_score_mean"].get<double>(), 0.6);
  EXPECT_NEAR(agg["test_score_std"].get<double>(), std::sqrt(0.02), 1e-12);
  EXPECT_DOUBLE_EQ(agg["epoch_mean"].get<double>(), 5.0);
  const auto single = aggregate_fold_scores({{{"x", 1.0}}});
  EXPECT_TRUE(std::isnan(single["x_std"].get<double>()));
}

TEST(EventPostprocessing, RunningMedianUsesReflectAndUpperMedian) {
  const std::vector<float> v{1, 5, 2, 8, 3};
  // window 3: [1,1,5] [1,5,2] [5,2,8] [2,8,3] [8,3,3]
  EXPECT_EQ(running_median_reflect(v, 3), (std::vector<float>{1, 2, 5, 3, 3}));
  // window 4 covers [i-2, i+1], upper median = sorted[2]: [5,1,1,5] [1,1,5,2] [1,5,2,8] [5,2,8,3] [2,8,3,3]
  EXPECT_EQ(running_median_reflect(v, 4), (std::vector<float>{5, 2, 5, 5, 3}));
  EXPECT_EQ(running_median_reflect(v, 1), v);
  // A window longer than the signal keeps reflecting.
  EXPECT_EQ(running_median_reflect({0.0f, 1.0f}, 5).size(), 2u);
}

TEST(EventPostprocessing, FramesBecomeEventsWithMinimumDuration) {
  // One file, 8 frames at 100 ms (rows given out of order), two classes.
  const std::vector<std::string> files(8, "a.wav");
  const std::vector<double> stamps{700, 0, 100, 200, 300, 400, 500, 600};
  const EventFrameIndex index = index_event_frames(files, stamps);
  ASSERT_EQ(index.files, std::vector<std::string>{"a.wav"});
  EXPECT_EQ(index.rows[0].front(), 1);
  EXPECT_EQ(index.rows[0].back(), 0);
  // probabilities per row (row = position in `stamps`): class x active at 100..300, class y at 600 only.
  std::vector<float> probs(16, 0.0f);
  auto set = [&](double ms, int cls) {
    for (size_t r = 0; r < stamps.size(); ++r) if (stamps[r] == ms) probs[r * 2 + static_cast<size_t>(cls)] = 0.9f;
  };
  set(100, 0); set(200, 0); set(300, 0); set(600, 1);
  PostprocessingConfig none;
  none.median_filter_ms = 0;
  none.min_duration_ms = 0;
  FileEvents events = frames_to_events(probs.data(), 2, index, none, {"x", "y"});
  ASSERT_EQ(events["a.wav"].size(), 2u);
  EXPECT_EQ(events["a.wav"][0].label, "x");
  EXPECT_EQ(events["a.wav"][0].onset_ms, 100);
  EXPECT_EQ(events["a.wav"][0].offset_ms, 300);  // no hop added
  EXPECT_EQ(events["a.wav"][1].onset_ms, 600);
  EXPECT_EQ(events["a.wav"][1].offset_ms, 600);
  PostprocessingConfig longer = none;
  longer.min_duration_ms = 250;  // the 200 ms and 0 ms events are dropped
  EXPECT_TRUE(frames_to_events(probs.data(), 2, index, longer, {"x", "y"})["a.wav"].empty());
  PostprocessingConfig median = none;
  median.median_filter_ms = 300;  // window 3 frames: the single frame of y disappears
  events = frames_to_events(probs.data(), 2, index, median, {"x", "y"});
  ASSERT_EQ(events["a.wav"].size(), 1u);
  EXPECT_EQ(events["a.wav"][0].label, "x");
}

TEST(EventPostprocessing, GridDefaultsAndOverrides) {
  const auto hear = postprocessing_grid(nullptr, KitFlavour::hear, "m.json");
  ASSERT_EQ(hear.size(), 2u);
  EXPECT_EQ(hear[0].median_filter_ms, 250);
  EXPECT_EQ(hear[0].min_duration_ms, 125);
  EXPECT_EQ(hear[1].min_duration_ms, 250);
  const auto listen = postprocessing_grid(nullptr, KitFlavour::listen, "m.json");
  EXPECT_EQ(listen[0].min_duration_ms, 250);
  EXPECT_EQ(listen[1].min_duration_ms, 500);
  const auto maestro = postprocessing_grid({{"median_filter_ms", {150}}, {"min_duration", {50}}}, KitFlavour::hear, "m.json");
  ASSERT_EQ(maestro.size(), 1u);
  EXPECT_EQ(format::dump_kit_json(maestro[0].as_kit_json()), format::dump_kit_json(nlohmann::ordered_json::parse(R"([["median_filter_ms",150],["min_duration",50]])")));
  EXPECT_THROW(postprocessing_grid({{"threshold", {0.5}}}, KitFlavour::hear, "m.json"), Error);
}

TEST(PredictedScoresFile, KitStructureAndKeyOrder) {
  GridConf conf{{"batch_size", 1024}, {"lr", 1e-4}, {"hidden_norm", "BatchNorm1d"}};
  std::vector<FoldScores> folds{{"fold00", {{"test_loss", 0.5}, {"test_score", 0.8}, {"validation_score", 0.7}, {"epoch", 2}, {"time_in_min", 0.1}}},
                                {"fold01", {{"test_loss", 0.7}, {"test_score", 0.6}, {"validation_score", 0.9}, {"epoch", 5}, {"time_in_min", 0.2}}}};
  const auto doc = predicted_scores_json(folds, conf, nlohmann::ordered_json::array(), true, "emb/model/task",
                                         nlohmann::ordered_json::object());
  std::vector<std::string> keys;
  for (auto it = doc.begin(); it != doc.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"fold00", "fold01", "aggregated_scores", "hparams", "postprocessing",
                                            "score_mode", "embedding_path", "grid_search"}));
  EXPECT_DOUBLE_EQ(doc["aggregated_scores"]["test_score_mean"].get<double>(), 0.7);
  EXPECT_EQ(doc["score_mode"], "max");
  EXPECT_EQ(doc["hparams"]["hidden_norm"], "<class 'torch.nn.modules.batchnorm.BatchNorm1d'>");
  const auto single = predicted_scores_json({folds[0]}, conf, nlohmann::ordered_json::array(), false, "p", {});
  EXPECT_FALSE(single.contains("aggregated_scores"));
  EXPECT_EQ(single["score_mode"], "min");
  EXPECT_EQ(predicted_scores_filename(false), "test.predicted-scores.json");
  EXPECT_EQ(predicted_scores_filename(true), "test.predicted-scores-localization.json");
  EXPECT_EQ(prediction_done_filename(true), "prediction-done-localization.json");
}

}  // namespace
}  // namespace gramt::eval::predict

namespace gramt::eval::predict {
namespace {

TEST(TaskScores, AdaptsTheScoresRegistry) {
  format::LabelVocabulary vocabulary = format::parse_label_vocabulary("idx,label\n0,a\n1,b\n", "v.csv");
  ScoreContext scene;
  scene.vocabulary = &vocabulary;
  scene.source = "task/task_metadata.json";
  const TaskScores s = make_task_scores({"top1_acc", "mAP"}, scene);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0]->name(), "top1_acc");
  EXPECT_TRUE(s[0]->maximize());
  EXPECT_TRUE(s[0]->logged_as_float32());
  EXPECT_FALSE(s[1]->logged_as_float32());  // scikit-learn's float64 survives the logging
  const std::vector<float> predictions{0.9f, 0.1f, 0.2f, 0.8f, 0.6f, 0.4f};
  const std::vector<float> targets{1, 0, 0, 1, 0, 1};
  const ScoreValue top1 = s[0]->score_matrix(predictions.data(), targets.data(), 3, 2);
  EXPECT_FALSE(top1.is_tuple);
  EXPECT_NEAR(top1.primary(), 2.0 / 3.0, 1e-12);

  ScoreContext events = scene;
  events.event_task = true;
  const TaskScores e = make_task_scores({"event_onset_200ms_fms", "segment_1s_er"}, events);
  EXPECT_FALSE(e[1]->maximize());
  FileEvents predicted{{"x.wav", {{"a", 1000.0, 2000.0}}}};
  FileEvents reference{{"x.wav", {{"a", 1100.0, 1900.0}, {"b", 3000.0, 3500.0}}}};
  const ScoreValue f = e[0]->score_events(predicted, reference);
  ASSERT_TRUE(f.is_tuple);
  ASSERT_EQ(f.parts.size(), 3u);
  EXPECT_EQ(f.parts[0].first, "f_measure");
  EXPECT_NEAR(f.parts[1].second, 1.0, 1e-12);  // precision
  EXPECT_NEAR(f.parts[2].second, 0.5, 1e-12);  // recall

  ScoreContext localization;
  localization.localization = true;
  localization.source = "task/task_metadata.json";
  const TaskScores l = make_task_scores({"DOA"}, localization);
  EXPECT_FALSE(l[0]->maximize());
  const std::vector<float> unit{1, 0, 0, 0, 1, 0};
  const ScoreValue doa = l[0]->score_matrix(unit.data(), unit.data(), 2, 3);
  ASSERT_EQ(doa.extras.size(), 1u);
  EXPECT_EQ(doa.extras[0].first, "DOA_nan_as_180");

  for (const auto& [names, context] : std::vector<std::pair<std::vector<std::string>, ScoreContext>>{
           {{"no_such_score"}, scene}, {{"event_onset_50ms_fms"}, scene}, {{"top1_acc"}, events}, {{"OldSELD"}, events}}) {
    try {
      make_task_scores(names, context);
      FAIL() << names[0];
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find("task/task_metadata.json"), std::string::npos) << error.what();
    }
  }
}

}  // namespace
}  // namespace gramt::eval::predict

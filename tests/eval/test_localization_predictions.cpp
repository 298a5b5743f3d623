// Per-clip localization results: directions and angular errors, the file's round trip and its
// errors, naming shuffled scene rows from the per-file embeddings, and a localization task
// predicted end to end.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "core/common/error.h"
#include "core/eval/format/clip_metadata.h"
#include "core/eval/predict/localization_predictions.h"
#include "core/eval/predict/scene_row_files.h"
#include "core/eval/predict/task_prediction.h"
#include "core/io/npy.h"
#include "tests/eval/predict_test_support.h"

namespace gramt::eval::predict {
namespace {

namespace fs = std::filesystem;
using testing::TempFolder;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ClipLocalization, DirectionsAndAngularError) {
  // x front, y left, z up; azimuth counter-clockwise from the front.
  const ClipLocalization left = describe_clip("a.wav", {0, 1, 0}, {2, 0, 0}, "cartesian-regression");
  EXPECT_NEAR(left.true_azimuth_deg, 90.0, 1e-9);
  EXPECT_NEAR(left.true_elevation_deg, 0.0, 1e-9);
  EXPECT_NEAR(left.predicted_azimuth_deg, 0.0, 1e-9);
  EXPECT_NEAR(left.angular_error_deg, 90.0, 1e-9);  // only directions count, not the length
  const ClipLocalization right_up = describe_clip("b.wav", {0, -1, 0}, {0, 0, 0.5}, "cartesian-z-regression");
  EXPECT_NEAR(right_up.true_azimuth_deg, 270.0, 1e-9);
  EXPECT_NEAR(right_up.predicted_elevation_deg, 90.0, 1e-9);
  EXPECT_NEAR(right_up.angular_error_deg, 90.0, 1e-9);
  const ClipLocalization zero = describe_clip("c.wav", {1, 0, 0}, {0, 0, 0}, "cartesian-regression");
  EXPECT_TRUE(std::isnan(zero.predicted_azimuth_deg));
  EXPECT_TRUE(std::isnan(zero.angular_error_deg));
  // Polar labels in degrees: across the 0/360 seam the error is the short way round.
  const ClipLocalization polar = describe_clip("d.wav", {350, 0}, {10, 0}, "polar-regression");
  EXPECT_NEAR(polar.angular_error_deg, 20.0, 1e-9);
  EXPECT_NEAR(polar.predicted_azimuth_deg, 10.0, 1e-9);
  EXPECT_NE(error_of([] { describe_clip("e.wav", {1}, {1}, "distance-regression"); }), "");
  EXPECT_NE(error_of([] { describe_clip("f.wav", {1, 0}, {1, 0, 0}, "cartesian-regression"); }).find("f.wav"),
            std::string::npos);
}

TEST(LocalizationPredictionsFile, RoundTrip) {
  TempFolder dir("locpred-roundtrip");
  LocalizationPredictions lp;
  lp.task_name = "mini_localization";
  lp.prediction_type = "cartesian-regression";
  lp.fold = "test";
  lp.embedding_path = "/somewhere/mini_localization-v1-tiny";
  format::ClipFacts facts;
  facts.numbers["snr_db"] = 17.5;
  facts.labels["room"] = "9.0x7.0x3.5 m";
  lp.clips.push_back(describe_clip("test_0.wav", {0.5, 0.5, 0.7071}, {0.6, 0.4, 0.7}, lp.prediction_type, facts));
  lp.clips.push_back(describe_clip("test_1.wav", {1, 0, 0}, {0, 0, 0}, lp.prediction_type));
  const std::string path = dir.file(localization_predictions_filename("test"));
  EXPECT_EQ(fs::path(path).filename(), "test.localization-predictions.json");
  write_localization_predictions(path, lp);
  const LocalizationPredictions back = read_localization_predictions(path);
  EXPECT_EQ(back.format_version, 1);
  EXPECT_EQ(back.task_name, lp.task_name);
  EXPECT_EQ(back.prediction_type, lp.prediction_type);
  EXPECT_EQ(back.fold, "test");
  EXPECT_EQ(back.embedding_path, lp.embedding_path);
  ASSERT_EQ(back.clips.size(), 2u);
  EXPECT_EQ(back.clips[0].file, "test_0.wav");
  EXPECT_EQ(back.clips[0].target, lp.clips[0].target);
  EXPECT_EQ(back.clips[0].prediction, lp.clips[0].prediction);
  EXPECT_DOUBLE_EQ(back.clips[0].angular_error_deg, lp.clips[0].angular_error_deg);
  EXPECT_DOUBLE_EQ(back.clips[0].true_azimuth_deg, lp.clips[0].true_azimuth_deg);
  EXPECT_DOUBLE_EQ(back.clips[0].predicted_elevation_deg, lp.clips[0].predicted_elevation_deg);
  EXPECT_EQ(back.clips[0].metadata.numbers, facts.numbers);
  EXPECT_EQ(back.clips[0].metadata.labels, facts.labels);
  EXPECT_TRUE(std::isnan(back.clips[1].angular_error_deg));  // stored as null
  EXPECT_TRUE(std::isnan(back.clips[1].predicted_azimuth_deg));
  EXPECT_TRUE(back.clips[1].metadata.empty());
}

TEST(LocalizationPredictionsFile, ForeignAndBrokenFilesNameTheFileAndField) {
  TempFolder dir("locpred-bad");
  const std::string path = dir.file("x.json");
  const auto error_for = [&](const std::string& text) {
    testing::write_text(path, text);
    return error_of([&] { read_localization_predictions(path); });
  };
  std::string e = error_for(R"({"test": {"test_score": 1.0}})");  // a scores file
  EXPECT_NE(e.find(path), std::string::npos) << e;
  EXPECT_NE(e.find("format"), std::string::npos) << e;
  e = error_for(R"({"format": "gramt-localization-predictions", "format_version": 2})");
  EXPECT_NE(e.find("newer"), std::string::npos) << e;
  e = error_for(R"({"format": "gramt-localization-predictions", "format_version": 1, "task_name": "t",
                    "prediction_type": "cartesian-regression", "fold": "test", "embedding_path": "p",
                    "clips": [{"target": [1, 0, 0]}]})");
  EXPECT_NE(e.find("clips[0]"), std::string::npos) << e;
  EXPECT_NE(e.find("'file'"), std::string::npos) << e;
  e = error_for("{not json");
  EXPECT_NE(e.find(path), std::string::npos) << e;
  EXPECT_NE(error_of([&] { read_localization_predictions(dir.file("missing.json")); }), "");
}

TEST(ClipMetadata, FlatFactsOnly) {
  const format::ClipMetadata m = format::parse_clip_metadata(
      nlohmann::json::parse(R"({"a.wav": {"snr_db": 12.5, "room": "small", "held_out": true}})"), "m.json");
  EXPECT_DOUBLE_EQ(m.at("a.wav").numbers.at("snr_db"), 12.5);
  EXPECT_EQ(m.at("a.wav").labels.at("room"), "small");
  EXPECT_EQ(m.at("a.wav").labels.at("held_out"), "true");
  const std::string e = error_of([] { format::parse_clip_metadata(nlohmann::json::parse(R"({"a.wav": {"pos": [1, 2]}})"), "m.json"); });
  EXPECT_NE(e.find("m.json"), std::string::npos) << e;
  EXPECT_NE(e.find("'pos'"), std::string::npos) << e;
  EXPECT_NE(error_of([] { format::parse_clip_metadata(nlohmann::json::array(), "m.json"); }), "");
}

// Per-file embeddings <split>/<file>.embedding.npy as the embeddings runner keeps them.
void write_per_file_embeddings(const std::string& task_dir, const std::string& split,
                               const std::vector<std::string>& files, const std::vector<float>& rows, int64_t width) {
  fs::create_directories(fs::path(task_dir) / split);
  for (size_t i = 0; i < files.size(); ++i) {
    const std::vector<float> row(rows.begin() + static_cast<std::ptrdiff_t>(i) * width,
                                 rows.begin() + static_cast<std::ptrdiff_t>(i + 1) * width);
    io::write_npy((fs::path(task_dir) / split / (files[i] + ".embedding.npy")).string(), row, {width});
  }
}

TEST(SceneRowFiles, ShuffledRowsAreNamedByTheirEmbeddings) {
  TempFolder dir("rowfiles");
  testing::write_text(dir.file("test.json"), R"({"a.wav": [1], "b.wav": [2], "c.wav": [3]})");
  write_per_file_embeddings(dir.path(), "test", {"a.wav", "b.wav", "c.wav"}, {1, 1, 2, 2, 3, 3}, 2);
  const torch::Tensor rows = torch::tensor({3.0f, 3.0f, 1.0f, 1.0f, 2.0f, 2.0f}).view({3, 2});
  EXPECT_EQ(scene_row_files(dir.path(), "test", rows), (std::vector<std::string>{"c.wav", "a.wav", "b.wav"}));
  const torch::Tensor unknown = torch::tensor({3.0f, 3.0f, 1.0f, 1.5f, 2.0f, 2.0f}).view({3, 2});
  const std::string e = error_of([&] { scene_row_files(dir.path(), "test", unknown); });
  EXPECT_NE(e.find("row 1"), std::string::npos) << e;
  fs::remove(dir.file("test/b.wav.embedding.npy"));
  const std::string missing = error_of([&] { scene_row_files(dir.path(), "test", rows); });
  EXPECT_NE(missing.find("b.wav.embedding.npy"), std::string::npos) << missing;
}

TEST(TaskPrediction, LocalizationWritesOneRowPerTestClip) {
  // Three directions (front, left, back); each clip's embedding carries its direction's index.
  // Rows are stored in reverse file order, as a shuffle would, so naming them is really tested.
  TempFolder dir("locpred-e2e");
  const std::vector<std::vector<double>> directions{{1, 0, 0}, {0, 1, 0}, {-1, 0, 0}};
  const int64_t width = 6;
  std::mt19937 rng(3);
  std::normal_distribution<float> noise(0.0f, 0.3f);
  std::vector<testing::SplitFiles> splits;
  std::map<std::string, std::vector<double>> test_targets;
  nlohmann::json metadata_json = nlohmann::json::object();
  for (const auto& [name, rows] : std::vector<std::pair<std::string, int64_t>>{{"train", 90}, {"valid", 30}, {"test", 12}}) {
    testing::SplitFiles split;
    split.name = name;
    split.rows = rows;
    split.width = width;
    std::vector<std::string> files;
    std::vector<float> by_file;
    for (int64_t r = 0; r < rows; ++r) {
      const size_t d = static_cast<size_t>(r % 3);
      const std::string file = name + "_" + std::to_string(100 + r) + ".wav";  // sorts like r
      files.push_back(file);
      for (int64_t k = 0; k < width; ++k) by_file.push_back(noise(rng) + (static_cast<size_t>(k) == d ? 3.0f : 0.0f));
      split.split_json[file] = directions[d];
      if (name == "test") {
        test_targets[file] = directions[d];
        metadata_json[file] = {{"snr_db", static_cast<double>(r)}, {"room", r < 6 ? "small" : "large"}};
      }
    }
    for (int64_t r = rows - 1; r >= 0; --r) {
      split.embeddings.insert(split.embeddings.end(), by_file.begin() + r * width, by_file.begin() + (r + 1) * width);
      split.row_labels.push_back(directions[static_cast<size_t>(r % 3)]);
    }
    write_per_file_embeddings(dir.path(), name, files, by_file, width);
    splits.push_back(std::move(split));
  }
  const nlohmann::json task_metadata = {{"task_name", "tiny_localization"}, {"embedding_type", "scene"},
                                        {"prediction_type", "cartesian-regression"}, {"split_mode", "trainvaltest"},
                                        {"splits", {"train", "valid", "test"}}, {"evaluation", {"MAE"}},
                                        {"sample_duration", 1.0}};
  testing::write_task(dir.path(), task_metadata, {"x", "y", "z"}, splits);
  testing::write_text(dir.file(format::clip_metadata_filename("test")), metadata_json.dump());

  PredictParams params;
  params.grid = GridName::faster;
  params.grid_points = 1;
  params.threads_per_worker = 1;
  params.localization = "cartesian-regression";
  predict_task(dir.path(), params, {});

  const LocalizationPredictions lp = read_localization_predictions(dir.file("test.localization-predictions.json"));
  EXPECT_EQ(lp.task_name, "tiny_localization");
  EXPECT_EQ(lp.fold, "test");
  ASSERT_EQ(lp.clips.size(), 12u);
  std::set<std::string> seen;
  for (const ClipLocalization& c : lp.clips) {
    SCOPED_TRACE(c.file);
    ASSERT_TRUE(test_targets.count(c.file));
    seen.insert(c.file);
    EXPECT_EQ(c.target, test_targets.at(c.file));  // the row was named correctly
    const int64_t r = std::stoi(c.file.substr(5, 3)) - 100;
    EXPECT_DOUBLE_EQ(c.metadata.numbers.at("snr_db"), static_cast<double>(r));
    EXPECT_EQ(c.metadata.labels.at("room"), r < 6 ? "small" : "large");
    const ClipLocalization again = describe_clip(c.file, c.target, c.prediction, lp.prediction_type);
    EXPECT_NEAR(c.angular_error_deg, again.angular_error_deg, 1e-9);
    EXPECT_EQ(c.prediction.size(), 3u);
  }
  EXPECT_EQ(seen.size(), 12u);
  EXPECT_EQ(lp.clips.front().file, "test_111.wav");  // split row order (reversed files)
}

}  // namespace
}  // namespace gramt::eval::predict

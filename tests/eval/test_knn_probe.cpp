// The kNN probe on hand-made points whose neighbours are known, and whole runs of `predict --probe knn`.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "core/common/error.h"
#include "core/eval/predict/knn_probe.h"
#include "core/eval/predict/predicted_scores_file.h"
#include "core/eval/predict/task_prediction.h"
#include "tests/eval/predict_test_support.h"

namespace gramt::eval::predict {
namespace {

namespace fs = std::filesystem;
using testing::TempFolder;

torch::Tensor rows(std::vector<std::vector<float>> values) {
  const auto n = static_cast<int64_t>(values.size()), d = static_cast<int64_t>(values.front().size());
  torch::Tensor t = torch::empty({n, d});
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < d; ++j) t[i][j] = values[static_cast<size_t>(i)][static_cast<size_t>(j)];
  return t;
}

std::vector<int64_t> row_of(const torch::Tensor& indices, int64_t r) {
  std::vector<int64_t> out;
  for (int64_t j = 0; j < indices.size(1); ++j) out.push_back(indices[r][j].item<int64_t>());
  return out;
}

TEST(KnnProbe, EuclideanNeighboursOnALine) {
  const torch::Tensor reference = rows({{0}, {1}, {2}, {10}, {11}});
  const torch::Tensor near = nearest_reference_rows(reference, rows({{0.4f}, {10.6f}}), 3, KnnDistance::euclidean);
  EXPECT_EQ(row_of(near, 0), (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(row_of(near, 1), (std::vector<int64_t>{4, 3, 2}));
}

TEST(KnnProbe, CosineIgnoresLengthEuclideanDoesNot) {
  const double pi = std::acos(-1.0);
  const auto at = [pi](double degrees, double length) {
    return std::vector<float>{static_cast<float>(length * std::cos(degrees * pi / 180)),
                              static_cast<float>(length * std::sin(degrees * pi / 180))};
  };
  // Row 0 points the query's way but is far; row 2 is near but at a right angle.
  const torch::Tensor reference = rows({at(0, 50), at(10, 1), at(90, 1), at(180, 1)});
  const torch::Tensor query = rows({at(4, 1)});
  EXPECT_EQ(row_of(nearest_reference_rows(reference, query, 3, KnnDistance::cosine), 0), (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(row_of(nearest_reference_rows(reference, query, 3, KnnDistance::euclidean), 0), (std::vector<int64_t>{1, 2, 3}));
}

TEST(KnnProbe, EqualDistancesKeepTheLowerRowAndKIsCapped) {
  const torch::Tensor reference = rows({{1}, {-1}, {1}});
  EXPECT_EQ(row_of(nearest_reference_rows(reference, rows({{0}}), 10, KnnDistance::euclidean), 0),
            (std::vector<int64_t>{0, 1, 2}));
}

TEST(KnnProbe, MeanTargetsAreTheNeighboursVote) {
  const torch::Tensor reference = rows({{0}, {1}, {2}, {10}});
  const torch::Tensor targets = rows({{1, 0}, {1, 0}, {0, 1}, {0, 1}});
  const torch::Tensor votes = knn_mean_targets(reference, targets, rows({{0.9f}, {9}}), 3, KnnDistance::euclidean);
  EXPECT_NEAR(votes[0][0].item<float>(), 2.0 / 3.0, 1e-6);
  EXPECT_NEAR(votes[0][1].item<float>(), 1.0 / 3.0, 1e-6);
  EXPECT_NEAR(votes[1][0].item<float>(), 1.0 / 3.0, 1e-6);  // 10, 2, 1
  EXPECT_THROW(knn_mean_targets(reference, targets, rows({{0, 1}}), 3, KnnDistance::euclidean), Error);
}

// Two classes on the axes; the test rows' neighbours are all of their own class under cosine,
// and the one row near the diagonal goes to class "a" by its three nearest angles.
void write_axes_task(const std::string& dir, float nan_in_train = 0.0f) {
  using testing::SplitFiles;
  const auto split = [](const std::string& name, std::vector<std::vector<float>> points, std::vector<std::string> labels) {
    SplitFiles s;
    s.name = name;
    s.rows = static_cast<int64_t>(points.size());
    s.width = 2;
    for (size_t i = 0; i < points.size(); ++i) {
      s.embeddings.insert(s.embeddings.end(), points[i].begin(), points[i].end());
      s.row_labels.push_back({labels[i]});
      s.split_json[name + "_" + std::to_string(i) + ".wav"] = {labels[i]};
    }
    return s;
  };
  SplitFiles train = split("train", {{1, 0}, {2, 0.1f}, {3, 0.2f}, {0, 1}, {0.1f, 2}, {0.2f, 3}}, {"a", "a", "a", "b", "b", "b"});
  if (nan_in_train != 0.0f) train.embeddings[4 * 2 + 1] = nan_in_train;
  const SplitFiles valid = split("valid", {{5, 0.1f}, {0.1f, 5}}, {"a", "b"});
  const SplitFiles test = split("test", {{4, 0.3f}, {0.2f, 4}, {3, 2.5f}}, {"a", "b", "a"});
  const nlohmann::json metadata = {{"task_name", "axes"},       {"embedding_type", "scene"}, {"prediction_type", "multiclass"},
                                   {"split_mode", "trainvaltest"}, {"splits", {"train", "valid", "test"}},
                                   {"evaluation", {"top1_acc"}},  {"sample_duration", 1.0}};
  testing::write_task(dir, metadata, {"a", "b"}, {train, valid, test});
}

PredictParams knn_params(int64_t k) {
  PredictParams p;
  p.probe = ProbeKind::knn;
  p.knn_k = k;
  p.knn_distance = KnnDistance::cosine;
  return p;
}

TEST(KnnProbe, ScoresATaskWithItsOwnMetricIntoItsOwnFiles) {
  TempFolder dir("knn-axes");
  write_axes_task(dir.path());
  const TaskPredictionResult result = predict_task(dir.path(), knn_params(3), {});
  EXPECT_DOUBLE_EQ(result.headline_test_score, 1.0);
  EXPECT_TRUE(result.grid_points.empty());
  EXPECT_EQ(fs::path(result.scores_path).filename(), "test.predicted-scores-knn.json");
  EXPECT_TRUE(fs::exists(dir.file("prediction-done-knn.json")));
  EXPECT_FALSE(fs::exists(dir.file("test.predicted-scores.json")));  // the MLP's file is left alone
  EXPECT_EQ(result.scores["hparams"]["k"], 3);
  EXPECT_EQ(result.scores["hparams"]["distance"], "cosine");
  EXPECT_DOUBLE_EQ(result.scores["test"]["validation_score"].get<double>(), 1.0);
  // The predictions are the neighbours' shares: the diagonal row has three "a" neighbours.
  const torch::Tensor p = result.fold_predictions.front().predictions;
  EXPECT_FLOAT_EQ(p[2][0].item<float>(), 1.0f);
  EXPECT_EQ(predicted_scores_filename(true, false, ProbeKind::knn), "test.predicted-scores-localization-knn.json");
}

TEST(KnnProbe, KFoldTasksAggregateOverFolds) {
  TempFolder dir("knn-folds");
  testing::write_separable_scene_task(dir.path(), "new_split_kfold", 30, 6, 3, 3);
  const TaskPredictionResult result = predict_task(dir.path(), knn_params(5), {});
  EXPECT_TRUE(result.scores.contains("aggregated_scores"));
  EXPECT_GE(result.headline_test_score, 0.95);
}

TEST(KnnProbe, EventTasksArePostProcessedAndScored) {
  TempFolder dir("knn-events");
  testing::write_event_task(dir.path(), 4, 80, 8);
  const TaskPredictionResult result = predict_task(dir.path(), knn_params(5), {});
  EXPECT_TRUE(std::isfinite(result.headline_test_score));
  EXPECT_TRUE(result.scores["postprocessing"].is_array());
}

TEST(KnnProbe, ANonFiniteRowIsAnErrorNamingTheFileAndRow) {
  TempFolder dir("knn-nan");
  write_axes_task(dir.path(), std::numeric_limits<float>::quiet_NaN());
  try {
    predict_task(dir.path(), knn_params(3), {});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("train.embeddings.npy: row 4"), std::string::npos) << what;
    EXPECT_NE(what.find("NaN"), std::string::npos) << what;
  }
  EXPECT_FALSE(fs::exists(dir.file("test.predicted-scores-knn.json")));
}

}  // namespace
}  // namespace gramt::eval::predict

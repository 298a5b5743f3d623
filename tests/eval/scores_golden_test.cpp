// The golden score cases (tests/data/golden/scores): scikit-learn / SciPy values for multiclass and
// multilabel predictions, including tied scores, to 1e-9.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/eval/scores/accuracy.h"
#include "core/eval/scores/ranking_scores.h"
#include "core/eval/scores/score_registry.h"

using namespace gramt::eval::scores;

namespace {

struct GoldenCase {
  SceneScoreInputs inputs;
  nlohmann::json expected;
  std::string prediction_type;
};

Matrix matrix_of(const nlohmann::json& rows) {
  Matrix m;
  m.rows = static_cast<int64_t>(rows.size());
  m.cols = static_cast<int64_t>(rows.at(0).size());
  for (const auto& row : rows)
    for (const auto& v : row) m.values.push_back(v.get<double>());
  return m;
}

GoldenCase load(const std::string& name) {
  std::ifstream in(std::string(GRAMT_TEST_DATA_DIR) + "/golden/scores/" + name + ".json");
  EXPECT_TRUE(in.good()) << name;
  const auto j = nlohmann::json::parse(in);
  GoldenCase c;
  c.inputs.predictions = matrix_of(j.at("predictions"));
  c.inputs.targets = matrix_of(j.at("targets"));
  c.expected = j.at("expected");
  c.prediction_type = j.at("prediction_type").get<std::string>();
  return c;
}

constexpr double kTolerance = 1e-9;

class GoldenScores : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(GoldenScores, MatchScikitLearnForEveryExpectedValue) {
  const GoldenCase c = load(GetParam());
  const auto& e = c.expected;
  ASSERT_GT(c.inputs.predictions.rows, 100);

  EXPECT_NEAR(compute_score("mAP", c.inputs).at("mAP"), e.at("mAP").get<double>(), kTolerance);
  EXPECT_NEAR(compute_score("aucroc", c.inputs).at("aucroc"), e.at("aucroc").get<double>(), kTolerance);
  EXPECT_NEAR(compute_score("d_prime", c.inputs).at("d_prime"), e.at("d_prime").get<double>(), kTolerance);

  const auto ap = per_class_average_precision(c.inputs.predictions, c.inputs.targets);
  const auto auc = per_class_roc_auc(c.inputs.predictions, c.inputs.targets);
  ASSERT_EQ(ap.size(), e.at("per_class_ap").size());
  ASSERT_EQ(auc.size(), e.at("per_class_auc").size());
  for (size_t k = 0; k < ap.size(); ++k) {
    EXPECT_NEAR(ap[k], e.at("per_class_ap")[k].get<double>(), kTolerance) << "class " << k;
    EXPECT_NEAR(auc[k], e.at("per_class_auc")[k].get<double>(), kTolerance) << "class " << k;
  }

  if (e.contains("top1_acc")) {
    EXPECT_NEAR(compute_score("top1_acc", c.inputs).at("top1_acc"), e.at("top1_acc").get<double>(), kTolerance);
  }
  if (e.contains("chroma_acc")) {
    EXPECT_NEAR(compute_score("chroma_acc", c.inputs).at("chroma_acc"), e.at("chroma_acc").get<double>(), kTolerance);
  }
  if (c.prediction_type == "multiclass") {
    EXPECT_TRUE(e.contains("top1_acc"));
    EXPECT_TRUE(e.contains("chroma_acc"));
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenScores,
                         ::testing::Values("multiclass_10", "multiclass_24", "multilabel_8", "multilabel_8_ties"));

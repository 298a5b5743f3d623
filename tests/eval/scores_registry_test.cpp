// The score registry: names, key scheme, metadata and errors.
#include <gtest/gtest.h>

#include <set>

#include "core/common/error.h"
#include "core/eval/scores/score_registry.h"
#include "scores_test_support.h"

using namespace gramt::eval::scores;
using gramt::eval::scores::testing::matrix;

TEST(ScoreRegistry, ListsEveryScoreOfBothKits) {
  std::set<std::string> names;
  for (const auto& info : available_scores()) names.insert(info.name);
  const std::set<std::string> expected{"top1_acc", "pitch_acc", "chroma_acc", "event_onset_200ms_fms",
                                       "event_onset_50ms_fms", "event_onset_offset_50ms_20perc_fms", "segment_1s_er",
                                       "mAP", "d_prime", "aucroc", "SELD", "OldSELD", "3d_source_local",
                                       "3d_source_local_x", "3d_source_local_y", "3d_source_local_z", "DOE",
                                       "DOEPolar", "DOA", "MAE", "distance"};
  EXPECT_EQ(names, expected);
}

TEST(ScoreRegistry, DescribesDirectionLoggingAndParts) {
  EXPECT_TRUE(score_info("mAP").maximize);
  EXPECT_FALSE(score_info("mAP").logged_as_float32);
  EXPECT_TRUE(score_info("top1_acc").logged_as_float32);
  EXPECT_FALSE(score_info("segment_1s_er").maximize);
  EXPECT_FALSE(score_info("DOE").maximize);
  EXPECT_EQ(score_info("OldSELD").logged_name, "SELD");
  EXPECT_EQ(score_info("event_onset_50ms_fms").parts, (std::vector<std::string>{"f_measure", "precision", "recall"}));
  EXPECT_EQ(score_info("DOA").extra_keys, (std::vector<std::string>{"DOA_nan_as_180"}));
}

TEST(ScoreRegistry, ReturnsExactlyThePrimaryPartAndExtraKeys) {
  const EventScoreInputs events{{{"f", {{"a", 0, 100}}}}, {{"f", {{"a", 50, 100}}}}, {"a"}};
  const LocalizationScoreInputs localization{matrix({{1, 0, 0}}), matrix({{0, 1, 0}})};
  SeldScoreInputs seld;
  seld.classes = 1;
  seld.block_frames = 2;
  seld.max_frames = 4;
  seld.reference["f"] = {{0, 0, 0.0, 0.0}, {3, 0, 0.0, 0.0}};
  seld.predicted["f"] = {{0, 0, 1.0, 0.0, 0.0}};
  const SceneScoreInputs scene{matrix({{0.9, 0.1}, {0.2, 0.8}}), matrix({{1, 0}, {0, 1}}), {"a", "b"}};
  ScoreInputs all;
  all.scene = &scene;
  all.events = &events;
  all.localization = &localization;
  all.seld = &seld;
  for (const auto& info : available_scores()) {
    std::set<std::string> expected{info.name};
    for (const auto& part : info.parts) expected.insert(info.name + "_" + part);
    expected.insert(info.extra_keys.begin(), info.extra_keys.end());
    const auto values = compute_score(info.name, all);
    std::set<std::string> keys;
    for (const auto& [key, value] : values) keys.insert(key);
    EXPECT_EQ(keys, expected) << info.name;
    if (!info.parts.empty()) {
      EXPECT_EQ(values.at(info.name), values.at(info.name + "_" + info.parts.front()));
    }
  }
}

TEST(ScoreRegistry, UnknownNameListsTheValidNames) {
  try {
    compute_score("accuracy", ScoreInputs{});
    FAIL() << "expected an error";
  } catch (const gramt::Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("accuracy"), std::string::npos);
    EXPECT_NE(message.find("top1_acc"), std::string::npos);
    EXPECT_NE(message.find("OldSELD"), std::string::npos);
  }
}

TEST(ScoreRegistry, MissingInputsAreAnError) {
  EXPECT_THROW(compute_score("mAP", ScoreInputs{}), gramt::Error);
  const EventScoreInputs events;
  EXPECT_THROW(compute_score("DOE", ScoreInputs{nullptr, &events, nullptr, nullptr}), gramt::Error);
}

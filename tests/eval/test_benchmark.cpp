// `evaluate` as a library: normalised scores against naive baselines, the kits' score JSON, and a
// whole run (embedding with a fake model, the kits' predictor, results.json) on tiny tasks.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/eval/benchmark/evaluate.h"
#include "core/eval/benchmark/score_normalisation.h"
#include "core/eval/tasks/task_folder.h"
#include "tasks_test_support.h"

namespace gramt::eval::benchmark {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using tasks::testing::ScratchFolder;

TEST(ScoreNormalisation, NaiveBaselinesFromTheTestLabels) {
  ScratchFolder dir("norm");
  tasks::testing::make_scene_task(dir.file("t"), 16000);
  const tasks::TaskFolder t = tasks::read_task_folder(dir.file("t"));
  // Test split: one dog, one cat.
  EXPECT_DOUBLE_EQ(naive_score_scale("top1_acc", t)->naive, 0.5);
  EXPECT_DOUBLE_EQ(naive_score_scale("mAP", t)->naive, 0.5);
  EXPECT_DOUBLE_EQ(naive_score_scale("aucroc", t)->naive, 0.5);
  EXPECT_FALSE(naive_score_scale("d_prime", t).has_value());
  EXPECT_FALSE(naive_score_scale("DOE", t).has_value());  // not a localization task
  const ScoreScale accuracy{0.25, 1.0};
  EXPECT_DOUBLE_EQ(normalised_score(0.625, accuracy), 50.0);
  EXPECT_DOUBLE_EQ(normalised_score(0.1, accuracy), 0.0);
  const ScoreScale error{1.0, 0.0};
  EXPECT_DOUBLE_EQ(normalised_score(0.25, error), 75.0);
  EXPECT_TRUE(std::isnan(normalised_score(std::nan(""), error)));
}

TEST(ScoreNormalisation, LocalizationBaselineIsTheMeanDirection) {
  ScratchFolder dir("norm-loc");
  const std::string task = dir.file("loc");
  tasks::testing::make_scene_task(task, 16000);
  Json m = Json::parse(tasks::testing::read_text_file(task + "/task_metadata.json"));
  m["prediction_type"] = "cartesian-regression";
  m["evaluation"] = {"DOE", "3d_source_local"};
  tasks::testing::write_text_file(task + "/task_metadata.json", m.dump());
  for (const char* split : {"train", "valid"})
    tasks::testing::write_text_file(task + "/" + split + ".json",
                                    R"({")" + std::string(split) + R"(_0.wav": [1, 0, 0], ")" + split + R"(_1.wav": [0, 1, 0]})");
  tasks::testing::write_text_file(task + "/test.json", R"({"test_0.wav": [1, 0, 0], "test_1.wav": [0, 1, 0]})");
  const tasks::TaskFolder t = tasks::read_task_folder(task);
  EXPECT_NEAR(naive_score_scale("DOE", t)->naive, 45.0, 1e-9);  // both labels 45 degrees from their mean
  EXPECT_NEAR(naive_score_scale("3d_source_local", t)->naive, 1.0 / 3.0, 1e-12);
}

TEST(KitScores, TestValueOfTrainValTestAndFoldedTasks) {
  const Json plain = Json::parse(R"({"test": {"test_top1_acc": 0.75, "test_score": 0.75}})");
  EXPECT_DOUBLE_EQ(test_score_from_kit_json(plain, "top1_acc"), 0.75);
  const Json folded = Json::parse(R"({"fold00": {"test_top1_acc": 0.5}, "aggregated_scores": {"test_top1_acc_mean": 0.6}})");
  EXPECT_DOUBLE_EQ(test_score_from_kit_json(folded, "top1_acc"), 0.6);
  EXPECT_TRUE(std::isnan(test_score_from_kit_json(plain, "mAP")));
}

TEST(Evaluate, WholeRunOnTinyTasksWritesResults) {
  ScratchFolder dir("evaluate");
  tasks::testing::make_scene_task(dir.file("tasks/scene"), 16000);
  tasks::testing::make_event_task(dir.file("tasks/event"), 16000);
  tasks::testing::make_scene_task(dir.file("tasks/zbroken"), 16000);
  tasks::testing::write_text_file(dir.file("tasks/zbroken/labelvocabulary.csv"), "idx,label\n0,cat\n");  // no "dog"
  tasks::testing::FakeEmbedder fake(16000);
  EvaluateParams p;
  p.tasks_dir = dir.file("tasks");
  p.embeddings_dir = dir.file("embeddings");
  p.model_tag = "fake";
  p.predict.grid = predict::GridName::faster;
  p.predict.grid_points = 1;
  p.predict.max_workers = 1;
  p.predict.threads_per_worker = 1;
  const EvaluationResults r = run_evaluation(fake, p, {});
  ASSERT_EQ(r.tasks.size(), 3u);
  EXPECT_EQ(r.tasks[0].task, "event");
  EXPECT_EQ(r.tasks[0].status, "ok") << r.tasks[0].error;
  EXPECT_EQ(r.tasks[0].primary_score, "event_onset_200ms_fms");
  EXPECT_EQ(r.tasks[1].status, "ok") << r.tasks[1].error;
  EXPECT_EQ(r.tasks[1].primary_score, "top1_acc");
  EXPECT_TRUE(std::isfinite(r.tasks[1].value));
  EXPECT_DOUBLE_EQ(r.tasks[1].naive, 0.5);
  EXPECT_GE(r.tasks[1].normalised, 0.0);
  EXPECT_LE(r.tasks[1].normalised, 100.0);
  EXPECT_EQ(r.tasks[2].status, "embedding failed");
  EXPECT_NE(r.tasks[2].error.find("dog"), std::string::npos);
  EXPECT_EQ(r.failures(), 1u);
  EXPECT_TRUE(std::isfinite(r.mean_normalised));

  const Json written = Json::parse(tasks::testing::read_text_file(dir.file("embeddings/fake/results.json")));
  EXPECT_EQ(written["tasks"].size(), 3u);
  EXPECT_EQ(written["tasks"][1]["test_scores"]["top1_acc"].get<double>(), r.tasks[1].value);
  const std::string table = format_results_table(r);
  EXPECT_NE(table.find("top1_acc"), std::string::npos);
  EXPECT_NE(table.find("embedding failed"), std::string::npos);

  // A second run resumes: embeddings skipped, predictions read back, same numbers.
  const int64_t calls = fake.calls;
  EXPECT_EQ(calls, 6);  // one call per split of the two good tasks
  const EvaluationResults again = run_evaluation(fake, p, {});
  EXPECT_EQ(fake.calls, calls);
  EXPECT_EQ(again.tasks[1].value, r.tasks[1].value);
}

}  // namespace
}  // namespace gramt::eval::benchmark

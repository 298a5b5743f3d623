// `evaluate` as a library: normalised scores against naive baselines, the kits' score JSON, and a
// whole run (embedding with a fake model, the kits' predictor, results.json) on tiny tasks.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <filesystem>

#include "core/eval/benchmark/evaluate.h"
#include "core/eval/benchmark/score_normalisation.h"
#include "core/eval/benchmark/task_detail.h"
#include "core/common/error.h"
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
  tasks::testing::write_text_file(dir.file("weights.safetensors"), "abc");
  tasks::testing::FakeEmbedder fake(16000);
  EvaluateParams p;
  p.tasks_dir = dir.file("tasks");
  p.embeddings_dir = dir.file("embeddings");
  p.model_tag = "fake";
  p.weights_path = dir.file("weights.safetensors");
  p.strategy = "raw";
  p.predict.grid = predict::GridName::faster;
  p.predict.grid_points = 1;
  p.predict.max_workers = 1;
  p.predict.threads_per_worker = 1;
  const EvaluationResults r = run_evaluation(fake, p, {});
  const std::vector<TaskScore>& t = r.file.tasks;
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].task, "event");
  EXPECT_EQ(t[0].status, "ok") << t[0].error;
  EXPECT_EQ(t[0].primary_score, "event_onset_200ms_fms");
  EXPECT_EQ(t[1].status, "ok") << t[1].error;
  EXPECT_EQ(t[1].primary_score, "top1_acc");
  ASSERT_EQ(t[1].values.size(), 1u);  // one seed
  EXPECT_TRUE(std::isfinite(t[1].mean));
  EXPECT_TRUE(std::isnan(t[1].std));
  EXPECT_DOUBLE_EQ(t[1].naive, 0.5);
  EXPECT_GE(t[1].normalised, 0.0);
  EXPECT_LE(t[1].normalised, 100.0);
  EXPECT_EQ(t[1].task_dir, dir.file("embeddings/fake/scene"));
  EXPECT_EQ(t[2].status, "embedding failed");
  EXPECT_NE(t[2].error.find("dog"), std::string::npos);
  EXPECT_EQ(r.failures(), 1u);
  EXPECT_TRUE(std::isfinite(r.mean_normalised.mean));
  EXPECT_FALSE(r.mean_normalised.complete);  // a task failed

  // The protocol, then everything read back through the results file reader.
  const ScoreProtocol& protocol = r.file.protocol;
  EXPECT_EQ(protocol.weights_sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // "abc"
  EXPECT_EQ(protocol.seeds, std::vector<uint64_t>{42});
  EXPECT_EQ(protocol.grid, "faster");
  EXPECT_EQ(protocol.grid_points, 1);
  EXPECT_EQ(protocol.kit, "listen");
  EXPECT_EQ(protocol.strategy, "raw");
  EXPECT_EQ(protocol.date.size(), 20u);  // 2026-12-06T05:43:51Z
  EXPECT_EQ(protocol.date.back(), 'Z');
  EXPECT_NE(protocol.tasks_version.find("metadata sha256 "), std::string::npos);
  const ResultsFile written = read_results_file(dir.file("embeddings/fake/results.json"));
  EXPECT_EQ(written.format_version, 2);
  ASSERT_EQ(written.tasks.size(), 3u);
  EXPECT_EQ(written.tasks[1].test_scores["top1_acc"].get<double>(), t[1].mean);
  EXPECT_EQ(written.tasks[1].values, t[1].values);
  EXPECT_EQ(written.protocol.weights_sha256, protocol.weights_sha256);
  const std::string table = format_results_table(r);
  EXPECT_NE(table.find("top1_acc"), std::string::npos);
  EXPECT_NE(table.find("embedding failed"), std::string::npos);

  // The detail view reads the first seed's kit files.
  const TaskDetail detail = read_task_detail(t[1].task_dir);
  EXPECT_EQ(detail.primary_score, "top1_acc");
  EXPECT_EQ(detail.grid.size(), 1u);
  ASSERT_EQ(detail.test_per_fold.size(), 1u);
  EXPECT_DOUBLE_EQ(detail.test_per_fold[0].second, t[1].mean);

  // A second run resumes: embeddings skipped, predictions read back, same numbers.
  const int64_t calls = fake.calls;
  EXPECT_EQ(calls, 6);  // one call per split of the two good tasks
  const EvaluationResults again = run_evaluation(fake, p, {});
  EXPECT_EQ(fake.calls, calls);
  EXPECT_EQ(again.file.tasks[1].values, t[1].values);
}

TEST(Evaluate, SeveralSeedsGiveMeanAndStdAndKeepTheFirstSeedsKitFiles) {
  ScratchFolder dir("evaluate-seeds");
  tasks::testing::make_scene_task(dir.file("tasks/scene"), 16000);
  tasks::testing::FakeEmbedder fake(16000);
  EvaluateParams p;
  p.tasks_dir = dir.file("tasks");
  p.embeddings_dir = dir.file("embeddings");
  p.model_tag = "fake";
  p.predict.grid = predict::GridName::faster;
  p.predict.grid_points = 2;
  p.predict.max_workers = 1;
  p.predict.threads_per_worker = 1;
  p.seeds = {3, 4, 5};
  std::vector<EvaluateProgress> events;
  p.on_stage_progress = [&](const EvaluateProgress& e) { events.push_back(e); };
  const EvaluationResults r = run_evaluation(fake, p, {});
  ASSERT_EQ(r.file.tasks.size(), 1u);
  const TaskScore& scene = r.file.tasks[0];
  ASSERT_EQ(scene.status, "ok") << scene.error;
  ASSERT_EQ(scene.values.size(), 3u);
  double sum = 0.0;
  for (double v : scene.values) sum += v;
  EXPECT_DOUBLE_EQ(scene.mean, sum / 3.0);
  EXPECT_TRUE(std::isfinite(scene.std));
  EXPECT_EQ(r.file.protocol.seeds, (std::vector<uint64_t>{3, 4, 5}));

  // Seed 3 in the kits' place, seeds 4 and 5 beside it; each file records its own seed.
  const std::string task_dir = dir.file("embeddings/fake/scene");
  const Json first = Json::parse(tasks::testing::read_text_file(task_dir + "/test.predicted-scores.json"));
  EXPECT_EQ(first["grid_search"]["seed"], 3);
  EXPECT_EQ(test_score_from_kit_json(first, "top1_acc"), scene.values[0]);
  for (int seed : {4, 5}) {
    const std::string path = task_dir + "/seeds/seed-" + std::to_string(seed) + ".test.predicted-scores.json";
    ASSERT_TRUE(fs::exists(path)) << path;
    EXPECT_EQ(Json::parse(tasks::testing::read_text_file(path))["grid_search"]["seed"], seed);
  }

  // Progress: stages in order, the predict stage counts the task, the last event is "done".
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().stage, "embed");
  EXPECT_EQ(events.back().stage, "done");
  EXPECT_EQ(events.back().done, 1);
  EXPECT_EQ(events.back().total, 1);
  bool saw_predict = false;
  for (const EvaluateProgress& e : events) {
    if (e.stage != "predict" || e.task != "scene") continue;
    saw_predict = true;
    EXPECT_EQ(e.total, 1);
  }
  EXPECT_TRUE(saw_predict);

  // Rerun with another first seed: its stored kit file was made with seed 3, so it is redone.
  p.seeds = {4, 3};
  p.predict.skip_if_done = true;
  const EvaluationResults again = run_evaluation(fake, p, {});
  EXPECT_EQ(Json::parse(tasks::testing::read_text_file(task_dir + "/test.predicted-scores.json"))["grid_search"]["seed"], 4);
  EXPECT_EQ(again.file.tasks[0].values[0], scene.values[1]);  // same seed, same data: same score

  p.seeds = {1, 1};
  EXPECT_THROW(run_evaluation(fake, p, {}), Error);
}

TEST(Evaluate, CancelledRunWritesNoResultsAndTheRerunResumes) {
  ScratchFolder dir("evaluate-cancel");
  tasks::testing::make_event_task(dir.file("tasks/event"), 16000);
  tasks::testing::make_scene_task(dir.file("tasks/scene"), 16000);
  tasks::testing::FakeEmbedder fake(16000);
  EvaluateParams p;
  p.tasks_dir = dir.file("tasks");
  p.embeddings_dir = dir.file("embeddings");
  p.model_tag = "fake";
  p.predict.grid = predict::GridName::faster;
  p.predict.grid_points = 1;
  p.predict.max_workers = 1;
  p.predict.threads_per_worker = 1;
  p.predict.skip_if_done = true;  // as gramt-cli evaluate without --force
  std::atomic<bool> stop{false};
  ProgressSink sink;
  sink.cancel = &stop;
  // Stop as soon as the first task's prediction is finished, as Ctrl-C or SIGTERM would.
  p.on_stage_progress = [&](const EvaluateProgress& e) {
    if (e.stage == "predict" && e.done == 1) stop = true;
  };
  EXPECT_THROW(run_evaluation(fake, p, sink), Cancelled);
  EXPECT_FALSE(fs::exists(dir.file("embeddings/fake/results.json")));
  EXPECT_TRUE(fs::exists(dir.file("embeddings/fake/event/prediction-done.json")));
  EXPECT_FALSE(fs::exists(dir.file("embeddings/fake/scene/prediction-done.json")));

  stop = false;
  p.on_stage_progress = nullptr;
  const int64_t calls = fake.calls;
  const EvaluationResults r = run_evaluation(fake, p, sink);
  EXPECT_EQ(fake.calls, calls);  // the embeddings were kept
  ASSERT_EQ(r.file.tasks.size(), 2u);
  EXPECT_EQ(r.failures(), 0u);
  EXPECT_TRUE(fs::exists(dir.file("embeddings/fake/results.json")));
}

}  // namespace
}  // namespace gramt::eval::benchmark

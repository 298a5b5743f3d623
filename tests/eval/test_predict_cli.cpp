// gramt-cli predict as a user runs it: an ACCDOA task made here trains and is scored with SELD and
// OldSELD; bad task metadata gives one line naming the file and field, a non-zero exit and no files.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/eval/predict_test_support.h"
#include "tests/eval/tasks_test_support.h"

namespace gramt::eval::predict {
namespace {

namespace fs = std::filesystem;
using testing::TempFolder;

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

CliRun run_predict(const TempFolder& dir, const std::string& args) {
  const std::string out = dir.file("stdout.txt"), err = dir.file("stderr.txt");
  const std::string cmd = std::string(GRAMT_CLI) + " predict " + args + " >" + out + " 2>" + err;
  CliRun run;
  run.exit_code = WEXITSTATUS(std::system(cmd.c_str()));
  run.out = read_all(out);
  run.err = read_all(err);
  return run;
}

TEST(PredictCli, AccdoaTaskTrainsAndScoresWithSeld) {
  TempFolder dir("cli-accdoa");
  const std::string task = dir.file("emb/model/synthetic_accdoa");
  testing::write_accdoa_task(task, 6, 40);
  const CliRun run = run_predict(dir, task + " --grid faster --grid-points 2 --threads-per-worker 1");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("test score"), std::string::npos) << run.out;
  const nlohmann::json scores = nlohmann::json::parse(read_all(task + "/test.predicted-scores.json"));
  const auto& test = scores["test"];
  EXPECT_LT(test["test_score"].get<double>(), 0.35) << test.dump(2);
  EXPECT_TRUE(test.contains("test_SELD_all_frames"));
  EXPECT_TRUE(test.contains("test_OldSELD_doa_resolution"));
  EXPECT_EQ(scores["score_mode"], "min");
  EXPECT_TRUE(fs::exists(task + "/test.predictions.pkl"));
  EXPECT_TRUE(fs::exists(task + "/prediction-done.json"));
}

TEST(PredictCli, MissingSourceDynamicsIsOneLineAndNothingIsWritten) {
  TempFolder dir("cli-accdoa-bad");
  const std::string task = dir.file("emb/model/synthetic_accdoa");
  testing::write_accdoa_task(task, 2, 30, {{"source_dynamics", nullptr}});  // merge_patch removes it
  const CliRun run = run_predict(dir, task + " --grid faster --grid-points 1");
  EXPECT_NE(run.exit_code, 0);
  const std::string first_line = run.err.substr(0, run.err.find('\n'));
  EXPECT_NE(first_line.find(task + "/task_metadata.json: field 'source_dynamics'"), std::string::npos) << run.err;
  for (const char* name : {"test.predicted-scores.json", "prediction-done.json", "test.predictions.pkl"}) {
    EXPECT_FALSE(fs::exists(task + "/" + name)) << name;
  }
}

// evaluate --random-probe: the control's files beside (never over) the real ones.
TEST(EvaluateCli, RandomProbeWritesOnlyTheControlsFiles) {
  TempFolder dir("cli-evaluate-random");
  gramt::eval::tasks::testing::make_scene_task(dir.file("tasks/scene"), 32000);
  const std::string golden = std::string(GRAMT_TEST_DATA_DIR) + "/golden/frame/";
  const std::string common = " --model-config " + golden + "model.yaml --weights " + golden +
                             "weights.safetensors --tasks-dir " + dir.file("tasks") + " --embeddings-dir " +
                             dir.file("emb") + " --model-tag golden --grid faster --grid-points 1 --workers 1 --threads 1";
  const std::string out = dir.file("out.txt"), err = dir.file("err.txt");
  const int bad = WEXITSTATUS(std::system((std::string(GRAMT_CLI) + " evaluate" + common +
                                           " --random-probe --seeds 1,2 >" + out + " 2>" + err).c_str()));
  EXPECT_NE(bad, 0);
  EXPECT_NE(read_all(err).find("--random-probe runs once"), std::string::npos) << read_all(err);

  const int rc = WEXITSTATUS(std::system((std::string(GRAMT_CLI) + " evaluate" + common + " --random-probe >" + out +
                                          " 2>" + err).c_str()));
  ASSERT_EQ(rc, 0) << read_all(err);
  const std::string task = dir.file("emb/golden/scene");
  EXPECT_TRUE(fs::exists(dir.file("emb/golden/results-random.json")));
  EXPECT_FALSE(fs::exists(dir.file("emb/golden/results.json")));
  EXPECT_TRUE(fs::exists(task + "/test.predicted-scores-random.json"));
  EXPECT_TRUE(fs::exists(task + "/prediction-done-random.json"));
  EXPECT_FALSE(fs::exists(task + "/test.predicted-scores.json"));
  EXPECT_FALSE(fs::exists(task + "/prediction-done.json"));
}

// evaluate --probe knn and --layers as a user runs them on the golden model (3 encoder blocks).
TEST(EvaluateCli, KnnProbeAndLayerSweepWriteTheirOwnResults) {
  TempFolder dir("cli-evaluate-knn-layers");
  gramt::eval::tasks::testing::make_scene_task(dir.file("tasks/scene"), 32000);
  const std::string golden = std::string(GRAMT_TEST_DATA_DIR) + "/golden/frame/";
  const std::string common = " --model-config " + golden + "model.yaml --weights " + golden +
                             "weights.safetensors --tasks-dir " + dir.file("tasks") + " --embeddings-dir " +
                             dir.file("emb") + " --model-tag golden --grid faster --grid-points 1 --workers 1 --threads 1";
  const std::string out = dir.file("out.txt"), err = dir.file("err.txt");
  const auto evaluate = [&](const std::string& args) {
    return WEXITSTATUS(std::system((std::string(GRAMT_CLI) + " evaluate" + common + args + " >" + out + " 2>" + err).c_str()));
  };
  // A layer beyond the depth: one line, nothing made.
  EXPECT_NE(evaluate(" --layers 0,99"), 0);
  EXPECT_NE(read_all(err).find("--layers: layer 99 is beyond the model's depth"), std::string::npos) << read_all(err);
  EXPECT_FALSE(fs::exists(dir.file("emb")));
  ASSERT_EQ(evaluate(" --layers 0,1 --probe knn --knn-k 3"), 0) << read_all(err);
  for (const char* layer : {"0", "1"}) {
    const std::string tag = std::string("golden-layer=") + layer;
    EXPECT_TRUE(fs::exists(dir.file("emb/" + tag + "/knn-k3-cosine/results.json"))) << tag;
    EXPECT_TRUE(fs::exists(dir.file("emb/" + tag + "/scene/test.predicted-scores-knn.json"))) << tag;
    EXPECT_FALSE(fs::exists(dir.file("emb/" + tag + "/scene/test.predicted-scores.json"))) << tag;
  }
  const nlohmann::json results = nlohmann::json::parse(read_all(dir.file("emb/golden-layer=1/knn-k3-cosine/results.json")));
  EXPECT_EQ(results["protocol"]["layer"], 1);
  EXPECT_EQ(results["protocol"]["probe"], "knn k=3 cosine");
  EXPECT_NE(read_all(out).find("best layer of the task"), std::string::npos) << read_all(out);
  EXPECT_NE(evaluate(" --probe knn --seeds 1,2"), 0);
  EXPECT_NE(read_all(err).find("--probe knn draws nothing at random"), std::string::npos) << read_all(err);
}

}  // namespace
}  // namespace gramt::eval::predict

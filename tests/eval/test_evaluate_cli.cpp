// gramt-cli evaluate as the workbench runs it: --seeds and --progress json on two tiny tasks with
// the golden test model. Standard output must hold nothing but JSON progress lines.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "tasks_test_support.h"

namespace {

namespace fs = std::filesystem;
using gramt::eval::tasks::testing::read_text_file;
using gramt::eval::tasks::testing::ScratchFolder;

const std::string kGolden = std::string(GRAMT_TEST_DATA_DIR) + "/golden/frame/";

struct CliRun {
  int exit_code = -1;
  std::vector<std::string> stdout_lines;
  std::string err;
};

std::string evaluate_command(const ScratchFolder& dir, const std::string& grid) {
  return std::string(GRAMT_CLI) + " evaluate --model-config " + kGolden + "model.yaml --weights " + kGolden +
         "weights.safetensors --tasks-dir " + dir.file("tasks") + " --embeddings-dir " + dir.file("emb") +
         " --model-tag golden " + grid + " --workers 1 --threads 1 ";
}

CliRun run_evaluate(const ScratchFolder& dir, const std::string& extra,
                    const std::string& grid = "--grid faster --grid-points 1") {
  const std::string out = dir.file("stdout.txt"), err = dir.file("stderr.txt");
  const std::string cmd = evaluate_command(dir, grid) + extra + " >" + out + " 2>" + err;
  CliRun run;
  run.exit_code = WEXITSTATUS(std::system(cmd.c_str()));
  std::istringstream lines(read_text_file(out));
  for (std::string line; std::getline(lines, line);) run.stdout_lines.push_back(line);
  run.err = read_text_file(err);
  return run;
}

// A child running `command` through sh, its stdout readable from `out` (for --progress json).
struct PipedChild {
  pid_t pid = -1;
  std::FILE* out = nullptr;
};

PipedChild start_piped(const std::string& command) {
  PipedChild child;
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return child;
  child.pid = ::fork();
  if (child.pid == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    ::execl("/bin/sh", "sh", "-c", ("exec " + command).c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  child.out = ::fdopen(pipe_fds[0], "r");
  return child;
}

TEST(EvaluateCli, ProgressJsonLinesAndSeeds) {
  ScratchFolder dir("evaluate-cli");
  gramt::eval::tasks::testing::make_scene_task(dir.file("tasks/scene"), 32000);
  gramt::eval::tasks::testing::make_event_task(dir.file("tasks/event"), 32000);
  const CliRun run = run_evaluate(dir, "--seeds 1,2 --progress json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_GE(run.stdout_lines.size(), 3u);
  const std::set<std::string> stages{"make-tasks", "embed", "predict", "done"};
  std::set<std::string> seen;
  for (const std::string& line : run.stdout_lines) {
    nlohmann::json j;
    ASSERT_NO_THROW(j = nlohmann::json::parse(line)) << "not JSON on stdout: " << line;
    ASSERT_TRUE(j.is_object()) << line;
    for (const char* key : {"stage", "task", "done", "total", "seconds", "eta", "what"}) EXPECT_TRUE(j.contains(key)) << key << " in " << line;
    EXPECT_TRUE(stages.count(j["stage"].get<std::string>())) << line;
    EXPECT_TRUE(j["task"].is_string()) << line;
    EXPECT_TRUE(j["done"].is_number_integer() && j["total"].is_number_integer()) << line;
    EXPECT_LE(j["done"].get<int64_t>(), j["total"].get<int64_t>()) << line;
    EXPECT_TRUE(j["seconds"].is_number()) << line;
    EXPECT_TRUE(j["eta"].is_null() || j["eta"].is_number()) << line;
    seen.insert(j["stage"].get<std::string>());
  }
  EXPECT_TRUE(seen.count("embed"));
  EXPECT_TRUE(seen.count("predict"));
  const nlohmann::json last = nlohmann::json::parse(run.stdout_lines.back());
  EXPECT_EQ(last["stage"], "done");
  EXPECT_EQ(last["done"], 2);
  EXPECT_EQ(last["total"], 2);
  EXPECT_NE(run.err.find("mean s(m)"), std::string::npos) << run.err;  // the table went to stderr

  const nlohmann::json results = nlohmann::json::parse(read_text_file(dir.file("emb/golden/results.json")));
  EXPECT_EQ(results["format_version"], 2);
  EXPECT_EQ(results["protocol"]["seeds"], nlohmann::json::array({1, 2}));
  EXPECT_EQ(results["protocol"]["weights_sha256"].get<std::string>().size(), 64u);
  for (const auto& task : results["tasks"]) {
    EXPECT_EQ(task["status"], "ok") << task.dump();
    EXPECT_EQ(task["values"].size(), 2u) << task.dump();
  }

  // Resumed: nothing to embed or train, the same values.
  const CliRun again = run_evaluate(dir, "--seeds 1,2");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const nlohmann::json resumed = nlohmann::json::parse(read_text_file(dir.file("emb/golden/results.json")));
  EXPECT_EQ(resumed["tasks"][0]["values"], results["tasks"][0]["values"]);
}

// What the workbench's Stop does: SIGTERM while predicting. The run stops cleanly (exit 130, a
// last JSON line saying so, no results file) and the same command afterwards finishes the work.
TEST(EvaluateCli, SigtermStopsCleanlyAndTheRerunResumes) {
  ScratchFolder dir("evaluate-cli-term");
  gramt::eval::tasks::testing::make_scene_task(dir.file("tasks/scene"), 32000);
  gramt::eval::tasks::testing::make_event_task(dir.file("tasks/event"), 32000);
  // Prediction takes a few seconds with this grid (1024-wide layers, up to 50 epochs): time enough
  // to be interrupted after its first progress line.
  const std::string grid = "--grid fast --grid-points 4 --seeds 1,2";
  const std::string command = evaluate_command(dir, grid) + "--progress json 2>" + dir.file("stderr.txt");
  const PipedChild started = start_piped(command);
  ASSERT_GE(started.pid, 0);
  ASSERT_NE(started.out, nullptr);
  const pid_t child = started.pid;
  std::FILE* from_child = started.out;
  std::vector<std::string> lines;
  char buffer[4096];
  bool signalled = false;
  while (std::fgets(buffer, sizeof buffer, from_child) != nullptr) {
    lines.emplace_back(buffer);
    if (!signalled && lines.back().find("\"stage\":\"predict\"") != std::string::npos) {
      ::kill(child, SIGTERM);
      signalled = true;
    }
  }
  std::fclose(from_child);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(signalled);
  ASSERT_TRUE(WIFEXITED(status)) << "killed instead of stopping cleanly";
  EXPECT_EQ(WEXITSTATUS(status), 130) << read_text_file(dir.file("stderr.txt"));
  const nlohmann::json last = nlohmann::json::parse(lines.back());
  EXPECT_EQ(last["stage"], "error");
  EXPECT_NE(last["message"].get<std::string>().find("cancelled"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir.file("emb/golden/results.json")));

  const CliRun rerun = run_evaluate(dir, "", grid);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_NE(rerun.err.find("already embedded"), std::string::npos) << rerun.err;
  EXPECT_TRUE(fs::exists(dir.file("emb/golden/results.json")));
}

TEST(EvaluateCli, BadSeedListIsOneClearError) {
  ScratchFolder dir("evaluate-cli-bad");
  gramt::eval::tasks::testing::make_scene_task(dir.file("tasks/scene"), 32000);
  const CliRun run = run_evaluate(dir, "--seeds 1,x --progress json");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("--seeds: 'x'"), std::string::npos) << run.err;
  ASSERT_EQ(run.stdout_lines.size(), 1u);  // the error line, still JSON
  EXPECT_EQ(nlohmann::json::parse(run.stdout_lines[0])["stage"], "error");
  const CliRun both = run_evaluate(dir, "--seeds 1,2 --seed 3");
  EXPECT_NE(both.exit_code, 0);
  EXPECT_NE(both.err.find("--seed"), std::string::npos) << both.err;
}

// --schema prints the declared settings of each command; a value outside a setting's range or
// choices is refused by the option's own name, from the same row.
TEST(EvaluateCli, SchemaAndTheChecksComeFromTheSettingsTable) {
  ScratchFolder dir("evaluate-cli-schema");
  const std::string out = dir.file("schema.json"), err = dir.file("stderr.txt");
  for (const char* command : {"evaluate", "predict", "embed-tasks"}) {
    const int rc = WEXITSTATUS(std::system((std::string(GRAMT_CLI) + " " + command + " --schema >" + out + " 2>" + err).c_str()));
    ASSERT_EQ(rc, 0) << command << ": " << read_text_file(err);
    const nlohmann::json schema = nlohmann::json::parse(read_text_file(out));
    EXPECT_EQ(schema["command"], command);
    ASSERT_FALSE(schema["settings"].empty()) << command;
    for (const auto& setting : schema["settings"]) {
      for (const char* field : {"key", "option", "type", "default", "min", "max", "choices", "help"})
        EXPECT_TRUE(setting.contains(field)) << command << " " << setting.dump();
    }
  }
  gramt::eval::tasks::testing::make_scene_task(dir.file("tasks/scene"), 32000);
  const CliRun zero = run_evaluate(dir, "", "--grid faster --grid-points 0");
  EXPECT_NE(zero.exit_code, 0);
  EXPECT_NE(zero.err.find("--grid-points: must be between 1 and 1000 (it is 0)"), std::string::npos) << zero.err;
  const CliRun grid = run_evaluate(dir, "", "--grid fastest");
  EXPECT_NE(grid.exit_code, 0);
  EXPECT_NE(grid.err.find("--grid: 'fastest' is not one of default, fast, faster"), std::string::npos) << grid.err;
  EXPECT_FALSE(fs::exists(dir.file("emb"))) << "a refused option writes nothing";
}

TEST(EvaluateCli, BaselinesAndOneSeedSayWhatIsWrong) {
  ScratchFolder dir("evaluate-cli-baseline");
  gramt::eval::tasks::testing::make_scene_task(dir.file("tasks/scene"), 16000);
  const auto run = [&](const std::string& args) {
    const std::string err = dir.file("stderr.txt");
    const int code = WEXITSTATUS(std::system((std::string(GRAMT_CLI) + " evaluate " + args + " --tasks-dir " + dir.file("tasks") +
                                              " --embeddings-dir " + dir.file("emb") + " >/dev/null 2>" + err).c_str()));
    return std::make_pair(code, read_text_file(err));
  };
  // A baseline defined at 32 kHz refuses a 16-kHz task by name instead of resampling it.
  const auto [rate_code, rate_err] = run("--baseline logmel");
  EXPECT_NE(rate_code, 0);
  EXPECT_NE(rate_err.find("the log-mel baseline is defined at 32000 Hz"), std::string::npos) << rate_err;
  EXPECT_NE(rate_err.find("scene has audio at 16000 Hz"), std::string::npos) << rate_err;
  EXPECT_FALSE(fs::exists(dir.file("emb")));  // refused before any work
  const auto [weights_code, weights_err] = run("--baseline logmel --weights " + kGolden + "weights.safetensors");
  EXPECT_NE(weights_code, 0);
  EXPECT_NE(weights_err.find("takes no --weights"), std::string::npos) << weights_err;
  const auto [name_code, name_err] = run("--baseline mfcc");
  EXPECT_NE(name_code, 0);
  EXPECT_NE(name_err.find("'mfcc' is not logmel or initial"), std::string::npos) << name_err;
  const auto [none_code, none_err] = run("");
  EXPECT_NE(none_code, 0);
  EXPECT_NE(none_err.find("give --weights, or --baseline"), std::string::npos) << none_err;
  // One seed runs, and says that its scores have no spread.
  ScratchFolder one("evaluate-cli-one-seed");
  gramt::eval::tasks::testing::make_scene_task(one.file("tasks/scene"), 32000);
  const CliRun single = run_evaluate(one, "--seeds 5");
  EXPECT_EQ(single.exit_code, 0) << single.err;
  EXPECT_NE(single.err.find("is one seed: scores have no spread"), std::string::npos) << single.err;
}

// The mini benchmark's first command: the log-mel baseline into an empty tasks folder. Its sample
// rate is checked once make-tasks has filled the folder, not before (which refused every new folder).
TEST(EvaluateCli, LogMelBaselineBuildsMissingTasksFirst) {
  if (std::system("command -v espeak-ng >/dev/null && command -v fluidsynth >/dev/null") != 0 ||
      !fs::exists("/usr/share/sounds/sf2/FluidR3_GM.sf2") || !fs::exists("/usr/share/libmysofa/default.sofa"))
    GTEST_SKIP() << "espeak-ng, fluidsynth, fluid-soundfont-gm or libmysofa1 missing";
  ScratchFolder dir("evaluate-cli-baseline-empty");
  const std::string err = dir.file("stderr.txt");
  const std::string cmd = std::string(GRAMT_CLI) + " evaluate --baseline logmel --tasks-dir " + dir.file("tasks") +
                          " --size tiny --task mini_pitch-v1-tiny --embeddings-dir " + dir.file("emb") +
                          " --grid faster --grid-points 1 --seeds 1,2 --workers 1 --threads 1 >/dev/null 2>" + err;
  ASSERT_EQ(WEXITSTATUS(std::system(cmd.c_str())), 0) << read_text_file(err);
  EXPECT_TRUE(fs::exists(dir.file("tasks/mini_pitch-v1-tiny/task_metadata.json")));
  EXPECT_TRUE(fs::exists(dir.file("emb/baseline-logmel/results.json"))) << read_text_file(err);
}

// --with-baselines: the log-mel row and the architecture at its run's initial weights come first,
// each in its own folder beside the model's, with the same protocol; JSON progress names them and
// ends once, with the model's "done".
TEST(EvaluateCli, WithBaselinesAddsTheTwoReferenceRows) {
  ScratchFolder dir("evaluate-cli-with-baselines");
  gramt::eval::tasks::testing::make_scene_task(dir.file("tasks/scene"), 32000);
  fs::create_directories(dir.file("run/checkpoints"));
  fs::copy_file(kGolden + "weights.safetensors", dir.file("run/checkpoints/step-00000010.safetensors"));
  {
    std::ofstream config(dir.file("run/config.yaml"));
    config << read_text_file(kGolden + "model.yaml") << "\nseed: 7\n";
  }
  const std::string cmd = std::string(GRAMT_CLI) + " evaluate --weights " + dir.file("run/checkpoints/step-00000010.safetensors") +
                          " --model-config " + kGolden + "model.yaml --tasks-dir " + dir.file("tasks") + " --embeddings-dir " +
                          dir.file("emb") + " --model-tag golden --grid faster --grid-points 1 --seeds 1,2 --workers 1 --threads 1" +
                          " --with-baselines --progress json >" + dir.file("stdout.txt") + " 2>" + dir.file("stderr.txt");
  ASSERT_EQ(WEXITSTATUS(std::system(cmd.c_str())), 0) << read_text_file(dir.file("stderr.txt"));
  EXPECT_TRUE(fs::exists(dir.file("emb/baseline-logmel/results.json")));
  EXPECT_TRUE(fs::exists(dir.file("emb/golden/results.json")));
  std::vector<std::string> initial;
  for (const auto& entry : fs::directory_iterator(dir.file("emb")))
    if (entry.path().filename().string().rfind("initial-", 0) == 0) initial.push_back(entry.path().filename().string());
  ASSERT_EQ(initial.size(), 1u);
  EXPECT_NE(initial[0].find("seed=42"), std::string::npos) << initial[0];  // --model-config given: not the run's seed
  EXPECT_TRUE(fs::exists(dir.file("emb/" + initial[0] + "/results.json")));
  // Stages of the baseline rows carry their names; exactly one final "done", the last line.
  std::istringstream lines(read_text_file(dir.file("stdout.txt")));
  int done_lines = 0;
  bool logmel_stage = false;
  std::string last;
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json record = nlohmann::json::parse(line);
    done_lines += record["stage"] == "done";
    logmel_stage = logmel_stage || record["stage"].get<std::string>().rfind("baseline-logmel ", 0) == 0;
    last = line;
  }
  EXPECT_EQ(done_lines, 1);
  EXPECT_TRUE(logmel_stage);
  EXPECT_EQ(nlohmann::json::parse(last)["stage"], "done");

  // Without --model-config, the initial weights come from the checkpoint's run: its config and seed.
  const std::string again = std::string(GRAMT_CLI) + " evaluate --weights " + dir.file("run/checkpoints/step-00000010.safetensors") +
                            " --tasks-dir " + dir.file("tasks") + " --embeddings-dir " + dir.file("emb2") +
                            " --model-tag golden --grid faster --grid-points 1 --seeds 1,2 --workers 1 --threads 1 --with-baselines" +
                            " >/dev/null 2>" + dir.file("stderr2.txt");
  ASSERT_EQ(WEXITSTATUS(std::system(again.c_str())), 0) << read_text_file(dir.file("stderr2.txt"));
  bool run_seed = false;
  for (const auto& entry : fs::directory_iterator(dir.file("emb2")))
    run_seed = run_seed || (entry.path().filename().string().rfind("initial-run", 0) == 0 &&
                            entry.path().filename().string().find("seed=7") != std::string::npos);
  EXPECT_TRUE(run_seed) << read_text_file(dir.file("stderr2.txt"));

  // A baseline run cannot add baselines.
  const std::string bad = std::string(GRAMT_CLI) + " evaluate --baseline logmel --with-baselines --tasks-dir " + dir.file("tasks") +
                          " --embeddings-dir " + dir.file("emb3") + " >/dev/null 2>" + dir.file("stderr3.txt");
  EXPECT_NE(WEXITSTATUS(std::system(bad.c_str())), 0);
  EXPECT_NE(read_text_file(dir.file("stderr3.txt")).find("--with-baselines goes with --weights"), std::string::npos);
}

TEST(PredictCli, ShuffleTakesTheTasksInPythonsSeededOrder) {
  // Missing task folders fail one by one, so stderr shows the order they were taken in:
  // Python's random.seed(42); random.shuffle(list("abcde")) gives d b c e a.
  ScratchFolder dir("predict-cli-shuffle");
  const std::string cmd = std::string(GRAMT_CLI) + " predict --shuffle " + dir.file("a") + " " + dir.file("b") + " " +
                          dir.file("c") + " " + dir.file("d") + " " + dir.file("e") + " >/dev/null 2>" + dir.file("err.txt");
  EXPECT_NE(WEXITSTATUS(std::system(cmd.c_str())), 0);
  std::string order;
  std::istringstream lines(read_text_file(dir.file("err.txt")));
  for (std::string line; std::getline(lines, line);)
    for (const char* task : {"a", "b", "c", "d", "e"})
      if (line.rfind("gramt-cli predict: " + dir.file(task) + ":", 0) == 0) order += task;
  EXPECT_EQ(order, "dbcea");
}

TEST(EmbedTasksCli, ModelOptionsGiveTheReferenceReadmesEmbeddingPaths) {
  // The reference's README predicts on $embeddings_dir/$module-strategy=...-in-channels=N/$task: the
  // folder that embed-tasks must write when given the kits' --model-options and no tag of our own.
  ScratchFolder dir("embed-tasks-model-options");
  gramt::eval::tasks::testing::make_scene_task(dir.file("tasks/scene"), 32000);
  const std::string options = "'{\"strategy\": \"raw\", \"use_mwmae_decoder\": \"true\", \"in_channels\": 2}'";
  const std::string embed = std::string(GRAMT_CLI) + " embed-tasks --weights " + kGolden + "weights.safetensors --tasks-dir " +
                            dir.file("tasks") + " --embeddings-dir " + dir.file("embeddings") + " --model-options " + options +
                            " --threads 1 >/dev/null 2>" + dir.file("embed.err");
  ASSERT_EQ(WEXITSTATUS(std::system(embed.c_str())), 0) << read_text_file(dir.file("embed.err"));
  const fs::path task = fs::path(dir.file("embeddings")) / "hear_configs.GRAMT-strategy=raw-use-mwmae-decoder=true-in-channels=2" / "scene";
  ASSERT_TRUE(fs::is_directory(task)) << task;
  EXPECT_TRUE(fs::exists(task / "task_metadata.json"));
  const std::string predict = std::string(GRAMT_CLI) + " predict " + task.string() +
                              " --grid faster --grid-points 1 >/dev/null 2>" + dir.file("predict.err");
  ASSERT_EQ(WEXITSTATUS(std::system(predict.c_str())), 0) << read_text_file(dir.file("predict.err"));
  EXPECT_TRUE(fs::exists(task / "test.predicted-scores.json"));
}

// make-nat-hear as a user runs it: the naturalistic tasks of a HEAR folder are scored by evaluate,
// and the localization version trains with both direction forms.
TEST(MakeNatHearCli, NaturalisticTasksAreScoredAndTheirLocalizationTrains) {
  ScratchFolder dir("nat-hear-cli");
  gramt::eval::tasks::testing::make_scene_task(dir.file("hear/scene"), 32000);
  gramt::eval::tasks::testing::write_marked_wav(dir.file("noise/tone.wav"), 22050, 3.0, 5);
  const std::string make = std::string(GRAMT_CLI) + " make-nat-hear --tasks-dir " + dir.file("hear") + " --out " +
                           dir.file("nat") + " --localization also --noise-dir " + dir.file("noise") +
                           " --progress json >" + dir.file("make.out") + " 2>" + dir.file("make.err");
  ASSERT_EQ(WEXITSTATUS(std::system(make.c_str())), 0) << read_text_file(dir.file("make.err"));
  std::istringstream lines(read_text_file(dir.file("make.out")));
  std::string last;
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(nlohmann::json::accept(line)) << line;
    last = line;
  }
  EXPECT_EQ(nlohmann::json::parse(last)["stage"], "done");

  const std::string evaluate = std::string(GRAMT_CLI) + " evaluate --model-config " + kGolden + "model.yaml --weights " +
                               kGolden + "weights.safetensors --tasks-dir " + dir.file("nat") + " --embeddings-dir " +
                               dir.file("emb") + " --model-tag golden --grid faster --grid-points 1 --workers 1 --threads 1 >" +
                               dir.file("eval.out") + " 2>" + dir.file("eval.err");
  ASSERT_EQ(WEXITSTATUS(std::system(evaluate.c_str())), 0) << read_text_file(dir.file("eval.err"));
  const nlohmann::json results = nlohmann::json::parse(read_text_file(dir.file("emb/golden/results.json")));
  std::set<std::string> scored;
  for (const auto& task : results["tasks"])
    if (task["status"] == "ok") scored.insert(task["task"].get<std::string>());
  EXPECT_EQ(scored, (std::set<std::string>{"scene-nat", "scene-nat-loc"})) << results.dump();

  const std::string polar = std::string(GRAMT_CLI) + " predict " + dir.file("emb/golden/scene-nat-loc") +
                            " --localization polar-regression --grid faster --grid-points 1 --force >/dev/null 2>" +
                            dir.file("polar.err");
  ASSERT_EQ(WEXITSTATUS(std::system(polar.c_str())), 0) << read_text_file(dir.file("polar.err"));
  EXPECT_TRUE(fs::exists(dir.file("emb/golden/scene-nat-loc/test.predicted-scores-localization.json")));
}

// Every file below `dir` (relative path -> bytes).
std::map<std::string, std::string> file_tree(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) files[fs::relative(entry.path(), dir).string()] = read_text_file(entry.path().string());
  return files;
}

// A scene task "many" with `counts` clips in train, valid and test: short marked clips at `rate`.
void make_many_clip_task(const std::string& task, const std::vector<int>& counts, int rate, double seconds) {
  gramt::eval::tasks::testing::make_scene_task(task, rate, counts, seconds, "many");
}


// SIGKILL in the middle of a 2,000-clip task, then the same command: the folder completes, equals
// a run that was never interrupted, and the clips finished before the kill are not rendered again.
TEST(MakeNatHearCli, KilledMidTaskTheSameCommandFinishesItExactly) {
  ScratchFolder dir("nat-hear-kill");
  make_many_clip_task(dir.file("hear/many"), {1400, 300, 300}, 16000, 0.25);
  gramt::eval::tasks::testing::write_marked_wav(dir.file("noise/tone.wav"), 22050, 3.0, 5);
  const auto command = [&](const std::string& out) {
    return std::string(GRAMT_CLI) + " make-nat-hear --tasks-dir " + dir.file("hear") + " --out " + out + " --noise-dir " +
           dir.file("noise") + " --rooms 4 --threads 2";
  };
  ASSERT_EQ(WEXITSTATUS(std::system((command(dir.file("whole")) + " >/dev/null 2>" + dir.file("whole.err")).c_str())), 0)
      << read_text_file(dir.file("whole.err"));

  const PipedChild started = start_piped(command(dir.file("killed")) + " --progress json 2>/dev/null");
  ASSERT_GE(started.pid, 0);
  ASSERT_NE(started.out, nullptr);
  const pid_t child = started.pid;
  std::FILE* from_child = started.out;
  char buffer[4096];
  bool killed = false;
  while (std::fgets(buffer, sizeof buffer, from_child) != nullptr) {
    const nlohmann::json line = nlohmann::json::parse(buffer, nullptr, /*allow_exceptions=*/false);
    if (!killed && line.is_object() && line.value("stage", "") == "render" && line.value("done", 0) >= 300) {
      ::kill(child, SIGKILL);  // about 600 of the 2,000 clips in
      killed = true;
    }
  }
  std::fclose(from_child);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(killed) << "the run ended before a third of it was done";
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_FALSE(fs::exists(dir.file("killed/many-nat/task_metadata.json"))) << "a killed task must not look complete";

  ASSERT_EQ(WEXITSTATUS(std::system((command(dir.file("killed")) + " >" + dir.file("rerun.out") + " 2>&1").c_str())), 0)
      << read_text_file(dir.file("rerun.out"));
  const std::string summary = read_text_file(dir.file("rerun.out"));
  const size_t at = summary.find(" clips rendered, ");
  ASSERT_NE(at, std::string::npos) << summary;
  const long reused = std::strtol(summary.c_str() + at + 17, nullptr, 10);
  EXPECT_GE(reused, 500) << "the clips finished before the kill are kept: " << summary;
  EXPECT_LT(reused, 2000) << summary;
  EXPECT_EQ(file_tree(dir.file("whole")), file_tree(dir.file("killed")));
}

// Files whose name ends in `suffix` below `dir`, counted (missing folder: 0).
size_t count_files(const std::string& dir, const std::string& suffix) {
  std::error_code ec;
  size_t n = 0;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) ++n;
  }
  return n;
}

// Every file of an embeddings folder but the profile (its time differs by run).
std::map<std::string, std::string> embeddings_tree(const std::string& dir) {
  std::map<std::string, std::string> files = file_tree(dir);
  files.erase("profile.embeddings.json");
  return files;
}

std::string embed_tasks_command(const ScratchFolder& dir, const std::string& embeddings, const std::string& extra) {
  return std::string(GRAMT_CLI) + " embed-tasks --weights " + kGolden + "weights.safetensors --model-config " + kGolden +
         "model.yaml --tasks-dir " + dir.file("tasks") + " --embeddings-dir " + embeddings +
         " --model-tag golden --batch-clips 4 --threads 1 " + extra;
}

// SIGKILL part-way through a task, then the same command: only the missing clips are embedded and
// the folder equals an uninterrupted run's.
TEST(EmbedTasksCli, KilledMidTaskTheRerunEmbedsOnlyTheMissingClips) {
  ScratchFolder dir("embed-tasks-kill");
  make_many_clip_task(dir.file("tasks/many"), {160, 40, 40}, 32000, 0.5);
  ASSERT_EQ(WEXITSTATUS(std::system((embed_tasks_command(dir, dir.file("whole"), "") + " >/dev/null 2>" + dir.file("whole.err")).c_str())), 0)
      << read_text_file(dir.file("whole.err"));

  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const std::string cmd = "exec " + embed_tasks_command(dir, dir.file("killed"), "") + " >/dev/null 2>&1";
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const std::string work = dir.file("killed/golden/.many.partial");
  size_t embedded = 0;
  for (int waited = 0; waited < 6000 && embedded < 60; ++waited) {  // up to 10 minutes
    ::usleep(100000);
    embedded = count_files(work, ".target-labels.json");
    int status = 0;
    if (::waitpid(child, &status, WNOHANG) == child) FAIL() << "embed-tasks ended before it was killed";
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_GE(embedded, 60u);
  EXPECT_FALSE(fs::exists(dir.file("killed/golden/many"))) << "a killed task must not look complete";

  const std::string rerun = embed_tasks_command(dir, dir.file("killed"), "") + " >" + dir.file("rerun.out") + " 2>&1";
  ASSERT_EQ(WEXITSTATUS(std::system(rerun.c_str())), 0) << read_text_file(dir.file("rerun.out"));
  const std::string out = read_text_file(dir.file("rerun.out"));
  const size_t at = out.find(" clips embedded, ");
  ASSERT_NE(at, std::string::npos) << out;
  const size_t open = out.rfind('(', at);
  const long again = std::strtol(out.c_str() + open + 1, nullptr, 10);
  const long kept = std::strtol(out.c_str() + at + std::strlen(" clips embedded, "), nullptr, 10);
  EXPECT_EQ(again + kept, 240) << out;
  EXPECT_GE(kept, 56) << "the clips embedded before the kill are kept (whole batches of 4): " << out;
  EXPECT_LE(again, 240 - 56) << out;
  EXPECT_EQ(embeddings_tree(dir.file("whole/golden/many")), embeddings_tree(dir.file("killed/golden/many")));
}

// Two processes at once, one shard each, give the single process's folder and the same scores;
// the same shard twice at once is refused; a bad shard spec is named.
TEST(EmbedTasksCli, TwoShardsAtOnceGiveTheSingleProcessFolder) {
  ScratchFolder dir("embed-tasks-shards");
  make_many_clip_task(dir.file("tasks/many"), {24, 8, 8}, 32000, 0.5);
  ASSERT_EQ(WEXITSTATUS(std::system((embed_tasks_command(dir, dir.file("one"), "") + " >/dev/null 2>" + dir.file("one.err")).c_str())), 0)
      << read_text_file(dir.file("one.err"));
  const std::string both = "(" + embed_tasks_command(dir, dir.file("two"), "--shard 0/2") + " >" + dir.file("s0.out") + " 2>&1 & " +
                           embed_tasks_command(dir, dir.file("two"), "--shard 1/2") + " >" + dir.file("s1.out") +
                           " 2>&1; s1=$?; wait $!; s0=$?; exit $((s0 + s1)))";
  ASSERT_EQ(WEXITSTATUS(std::system(both.c_str())), 0) << read_text_file(dir.file("s0.out")) << read_text_file(dir.file("s1.out"));
  EXPECT_EQ(embeddings_tree(dir.file("one/golden/many")), embeddings_tree(dir.file("two/golden/many")));
  const auto scores = [&](const std::string& task) {
    const std::string cmd = std::string(GRAMT_CLI) + " predict " + task + " --grid faster --grid-points 1 >/dev/null 2>" +
                            dir.file("predict.err");
    EXPECT_EQ(WEXITSTATUS(std::system(cmd.c_str())), 0) << read_text_file(dir.file("predict.err"));
    nlohmann::json scores = nlohmann::json::parse(read_text_file(task + "/test.predicted-scores.json"));
    scores["test"].erase("time_in_min");  // the one value that is not a result
    return scores["test"];
  };
  EXPECT_EQ(scores(dir.file("one/golden/many")), scores(dir.file("two/golden/many")));

  const std::string bad = embed_tasks_command(dir, dir.file("three"), "--shard 3/2") + " >" + dir.file("bad.out") + " 2>&1";
  EXPECT_NE(WEXITSTATUS(std::system(bad.c_str())), 0);
  EXPECT_NE(read_text_file(dir.file("bad.out")).find("--shard '3/2'"), std::string::npos) << read_text_file(dir.file("bad.out"));
}

// embed takes --device like the other model commands, with the same message when it cannot be used.
TEST(EmbedCli, DeviceIsAnOptionWithOneClearMessage) {
  ScratchFolder dir("embed-device");
  gramt::eval::tasks::testing::write_marked_wav(dir.file("clip.wav"), 32000, 0.5, 3);
  const auto run = [&](const std::string& device) {
    const std::string cmd = std::string(GRAMT_CLI) + " embed --weights " + kGolden + "weights.safetensors --model-config " +
                            kGolden + "model.yaml --out " + dir.file("out") + " --device " + device + " " +
                            dir.file("clip.wav") + " >" + dir.file("embed.out") + " 2>&1";
    return WEXITSTATUS(std::system(cmd.c_str()));
  };
  fs::create_directories(dir.file("out"));
  EXPECT_EQ(run("cpu"), 0) << read_text_file(dir.file("embed.out"));
  EXPECT_TRUE(fs::exists(dir.file("out/clip.scene_embeddings.npy")));
  EXPECT_NE(run("gpu"), 0);
  EXPECT_NE(read_text_file(dir.file("embed.out")).find("--device must be cpu, cuda or cuda:N, not 'gpu'"), std::string::npos)
      << read_text_file(dir.file("embed.out"));
}

// evaluate --shard: each process embeds its share; the one that completes the tasks predicts and
// writes results.json, with the scores a single process gets.
TEST(EvaluateCli, ShardsEmbedTogetherAndTheLastOnePredicts) {
  ScratchFolder dir("evaluate-shards");
  make_many_clip_task(dir.file("tasks/many"), {24, 8, 8}, 32000, 0.5);
  const auto evaluate = [&](const std::string& emb, const std::string& extra, const std::string& log) {
    const std::string cmd = std::string(GRAMT_CLI) + " evaluate --model-config " + kGolden + "model.yaml --weights " + kGolden +
                            "weights.safetensors --tasks-dir " + dir.file("tasks") + " --embeddings-dir " + emb +
                            " --model-tag golden --grid faster --grid-points 1 --batch-clips 4 --threads 1 " + extra + " >" +
                            log + " 2>&1";
    return WEXITSTATUS(std::system(cmd.c_str()));
  };
  ASSERT_EQ(evaluate(dir.file("one"), "", dir.file("one.log")), 0) << read_text_file(dir.file("one.log"));
  ASSERT_EQ(evaluate(dir.file("two"), "--shard 1/2", dir.file("s1.log")), 0) << read_text_file(dir.file("s1.log"));
  EXPECT_NE(read_text_file(dir.file("s1.log")).find("wait for other shards"), std::string::npos) << read_text_file(dir.file("s1.log"));
  EXPECT_FALSE(fs::exists(dir.file("two/golden/results.json")));
  ASSERT_EQ(evaluate(dir.file("two"), "--shard 0/2", dir.file("s0.log")), 0) << read_text_file(dir.file("s0.log"));
  const nlohmann::json one = nlohmann::json::parse(read_text_file(dir.file("one/golden/results.json")));
  const nlohmann::json two = nlohmann::json::parse(read_text_file(dir.file("two/golden/results.json")));
  ASSERT_EQ(two["tasks"].size(), 1u);
  EXPECT_EQ(two["tasks"][0]["values"], one["tasks"][0]["values"]);
  EXPECT_EQ(read_text_file(dir.file("one/golden/many/test.embeddings.npy")),
            read_text_file(dir.file("two/golden/many/test.embeddings.npy")));
}

}  // namespace

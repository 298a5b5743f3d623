// results.json: round trip of the current format, reading what `evaluate` wrote before the
// protocol was recorded (version 1), clear errors for other versions and broken files, seed
// statistics, the s(m) mean's completeness, finding the files, and the hashes in the protocol.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/common/error.h"
#include "core/eval/benchmark/results_file.h"
#include "core/eval/benchmark/sha256.h"
#include "core/eval/benchmark/tasks_version.h"
#include "tasks_test_support.h"

namespace gramt::eval::benchmark {
namespace {

namespace fs = std::filesystem;
using tasks::testing::read_text_file;
using tasks::testing::ScratchFolder;
using tasks::testing::write_text_file;

// The message of the gramt::Error `f` throws ("" when it throws none).
template <typename F>
std::string error_of(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TaskScore task_with_values(const std::string& name, std::vector<double> values) {
  TaskScore t;
  t.task = name;
  t.primary_score = "top1_acc";
  t.values = std::move(values);
  summarise_seed_values(t);
  return t;
}

ResultsFile sample_results() {
  ResultsFile r;
  r.model_tag = "gramt_base-strategy=raw";
  ScoreProtocol& p = r.protocol;
  p.weights_path = "/models/gramt_base.safetensors";
  p.weights_sha256 = std::string(64, 'a');
  p.model_tag = r.model_tag;
  p.strategy = "raw";
  p.grid = "faster";
  p.grid_points = 4;
  p.seeds = {1, 2, 3};
  p.kit = "listen";
  p.tasks_dir = "/data/tasks";
  p.tasks_version = "gramt-cli make-tasks seed=42 size=small; metadata sha256 0123456789abcdef";
  p.date = "2026-12-06T05:43:51Z";
  TaskScore pitch = task_with_values("mini_pitch", {0.5, 0.75, std::nan("")});
  pitch.naive = 0.25;
  pitch.normalised = 50.0;
  pitch.test_scores["top1_acc"] = 0.5;
  pitch.test_scores["mAP"] = nullptr;
  pitch.task_dir = "/emb/gramt_base-strategy=raw/mini_pitch";
  r.tasks.push_back(pitch);
  TaskScore loc = task_with_values("mini_localization", {});
  loc.primary_score = "DOE";
  loc.status = "prediction failed";
  loc.error = "out of memory";
  loc.lower_is_better = true;
  r.tasks.push_back(loc);
  return r;
}

TEST(ResultsFile, SeedStatisticsSkipFailedSeeds) {
  const TaskScore three = task_with_values("t", {0.5, 0.7, 0.9});
  EXPECT_DOUBLE_EQ(three.mean, 0.7);
  EXPECT_NEAR(three.std, 0.2, 1e-12);  // sample standard deviation (n - 1), as the kits' folds
  const TaskScore with_failure = task_with_values("t", {0.5, std::nan(""), 0.7});
  EXPECT_DOUBLE_EQ(with_failure.mean, 0.6);
  EXPECT_NEAR(with_failure.std, std::sqrt(0.02), 1e-12);
  const TaskScore one = task_with_values("t", {0.5});
  EXPECT_DOUBLE_EQ(one.mean, 0.5);
  EXPECT_TRUE(std::isnan(one.std));
  const TaskScore none = task_with_values("t", {std::nan("")});
  EXPECT_TRUE(std::isnan(none.mean));
}

TEST(ResultsFile, RoundTripKeepsEveryField) {
  ScratchFolder dir("results-roundtrip");
  const std::string path = dir.file("emb/model/results.json");
  fs::create_directories(fs::path(path).parent_path());
  const ResultsFile written = sample_results();
  write_results_file(written, path);
  const ResultsFile read = read_results_file(path);
  EXPECT_EQ(read.format_version, 2);
  EXPECT_EQ(read.path, path);
  EXPECT_EQ(read.model_tag, written.model_tag);
  const ScoreProtocol& p = read.protocol;
  EXPECT_EQ(p.weights_path, "/models/gramt_base.safetensors");
  EXPECT_EQ(p.weights_sha256, std::string(64, 'a'));
  EXPECT_EQ(p.model_tag, written.model_tag);
  EXPECT_EQ(p.strategy, "raw");
  EXPECT_EQ(p.grid, "faster");
  EXPECT_EQ(p.grid_points, 4);
  EXPECT_EQ(p.seeds, (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(p.kit, "listen");
  EXPECT_EQ(p.tasks_dir, "/data/tasks");
  EXPECT_EQ(p.tasks_version, written.protocol.tasks_version);
  EXPECT_EQ(p.date, "2026-12-06T05:43:51Z");
  ASSERT_EQ(read.tasks.size(), 2u);
  const TaskScore& pitch = read.tasks[0];
  EXPECT_EQ(pitch.task, "mini_pitch");
  EXPECT_EQ(pitch.status, "ok");
  ASSERT_EQ(pitch.values.size(), 3u);
  EXPECT_DOUBLE_EQ(pitch.values[1], 0.75);
  EXPECT_TRUE(std::isnan(pitch.values[2]));  // a failed seed stays in its place
  EXPECT_DOUBLE_EQ(pitch.mean, 0.625);
  EXPECT_DOUBLE_EQ(pitch.std, written.tasks[0].std);
  EXPECT_DOUBLE_EQ(pitch.naive, 0.25);
  EXPECT_DOUBLE_EQ(pitch.normalised, 50.0);
  EXPECT_FALSE(pitch.lower_is_better);
  EXPECT_EQ(pitch.task_dir, "/emb/gramt_base-strategy=raw/mini_pitch");
  EXPECT_EQ(pitch.test_scores, written.tasks[0].test_scores);
  EXPECT_TRUE(read.tasks[1].normalised_values.empty());
  const TaskScore& loc = read.tasks[1];
  EXPECT_EQ(loc.status, "prediction failed");
  EXPECT_EQ(loc.error, "out of memory");
  EXPECT_TRUE(loc.lower_is_better);
  EXPECT_TRUE(loc.values.empty());
  EXPECT_TRUE(std::isnan(loc.mean));
  // No NaN in the file (JSON has none): missing values are null.
  EXPECT_EQ(read_text_file(path).find("NaN"), std::string::npos);
}

TEST(ResultsFile, PerSeedNormalisedScoresRoundTrip) {
  ScratchFolder dir("results-per-seed");
  const std::string path = dir.file("results.json");
  ResultsFile written = sample_results();
  written.tasks[0].normalised_values = {40.0, 60.0, NAN};
  write_results_file(written, path);
  const ResultsFile read = read_results_file(path);
  ASSERT_EQ(read.tasks[0].normalised_values.size(), 3u);
  EXPECT_DOUBLE_EQ(read.tasks[0].normalised_values[1], 60.0);
  EXPECT_TRUE(std::isnan(read.tasks[0].normalised_values[2]));  // written as null
  // A failed seed leaves the spread of s(m) unknown instead of taken over fewer seeds.
  EXPECT_TRUE(normalised_mean(read.tasks).per_seed.empty());
}

TEST(ResultsFile, ReadsVersionOneWithTheProtocolUnknown) {
  ScratchFolder dir("results-v1");
  const std::string path = dir.file("results.json");
  // What `evaluate` wrote before the format had a version.
  write_text_file(path, R"({
    "model_tag": "old_model",
    "tasks": [
        {"task": "mini_pitch", "status": "ok", "primary_score": "pitch_acc", "test_score": 0.8,
         "naive_score": 0.2, "normalised_score": 75.0, "test_scores": {"pitch_acc": 0.8, "chroma_acc": 0.9},
         "scores_path": "/emb/old_model/mini_pitch/test.predicted-scores.json"},
        {"task": "mini_localization", "status": "prediction failed", "error": "boom", "primary_score": "DOE",
         "test_score": null, "naive_score": null, "normalised_score": null, "test_scores": {}, "scores_path": ""}
    ],
    "mean_normalised_score": 75.0,
    "normalisation": "..."
})");
  const ResultsFile r = read_results_file(path);
  EXPECT_EQ(r.format_version, 1);
  EXPECT_EQ(r.model_tag, "old_model");
  EXPECT_EQ(r.protocol.model_tag, "old_model");
  EXPECT_EQ(r.protocol.weights_sha256, kUnknownProtocolField);
  EXPECT_EQ(r.protocol.grid, kUnknownProtocolField);
  EXPECT_EQ(r.protocol.date, kUnknownProtocolField);
  EXPECT_TRUE(r.protocol.seeds.empty());
  ASSERT_EQ(r.tasks.size(), 2u);
  EXPECT_EQ(r.tasks[0].values, std::vector<double>{0.8});
  EXPECT_DOUBLE_EQ(r.tasks[0].mean, 0.8);
  EXPECT_TRUE(std::isnan(r.tasks[0].std));
  EXPECT_DOUBLE_EQ(r.tasks[0].normalised, 75.0);
  EXPECT_DOUBLE_EQ(r.tasks[0].test_scores["chroma_acc"].get<double>(), 0.9);
  EXPECT_EQ(r.tasks[0].task_dir, "/emb/old_model/mini_pitch");
  EXPECT_FALSE(r.tasks[0].lower_is_better);
  EXPECT_EQ(r.tasks[1].status, "prediction failed");
  EXPECT_TRUE(r.tasks[1].lower_is_better);  // DOE: an angular error
  EXPECT_EQ(r.tasks[1].task_dir, (fs::path(dir.path()) / "mini_localization").string());
}

TEST(ResultsFile, UnknownVersionNamesFileAndVersions) {
  ScratchFolder dir("results-version");
  const std::string path = dir.file("results.json");
  write_text_file(path, R"({"format_version": 7, "model_tag": "m", "tasks": []})");
  const std::string message = error_of([&] { read_results_file(path); });
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("version 7"), std::string::npos) << message;
  EXPECT_NE(message.find("reads versions 1"), std::string::npos) << message;
  EXPECT_NE(message.find(" and 2"), std::string::npos) << message;
  write_text_file(path, R"({"format_version": "two", "model_tag": "m", "tasks": []})");
  EXPECT_NE(error_of([&] { read_results_file(path); }).find("\"two\""), std::string::npos);
}

TEST(ResultsFile, TruncatedOrGarbledFilesNameTheFile) {
  ScratchFolder dir("results-broken");
  const std::string path = dir.file("results.json");
  write_results_file(sample_results(), path);
  const std::string whole = read_text_file(path);
  write_text_file(path, whole.substr(0, whole.size() / 2));
  std::string message = error_of([&] { read_results_file(path); });
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;

  write_text_file(path, "\x01\x02 not json at all");
  EXPECT_NE(error_of([&] { read_results_file(path); }).find(path), std::string::npos);

  write_text_file(path, "[1, 2, 3]");
  message = error_of([&] { read_results_file(path); });
  EXPECT_NE(message.find("JSON object"), std::string::npos) << message;

  write_text_file(path, R"({"format_version": 2, "model_tag": "m", "protocol": {}, "tasks": [{"task": "t", "values": ["x"]}]})");
  message = error_of([&] { read_results_file(path); });
  EXPECT_NE(message.find("tasks[0].values[0]"), std::string::npos) << message;

  write_text_file(path, R"({"format_version": 2, "model_tag": "m", "tasks": []})");
  message = error_of([&] { read_results_file(path); });
  EXPECT_NE(message.find("protocol is missing"), std::string::npos) << message;

  EXPECT_NE(error_of([&] { read_results_file(dir.file("absent.json")); }).find("absent.json"), std::string::npos);
}

TEST(ResultsFile, NormalisedMeanIsIncompleteWhenATaskFailed) {
  TaskScore a = task_with_values("a", {0.9});
  a.naive = 0.5;
  a.normalised = 80.0;
  TaskScore b = task_with_values("b", {0.7});
  b.naive = 0.5;
  b.normalised = 40.0;
  NormalisedMean m = normalised_mean({a, b});
  EXPECT_DOUBLE_EQ(m.mean, 60.0);
  EXPECT_EQ(m.tasks, 2u);
  EXPECT_TRUE(m.complete);
  TaskScore d_prime = task_with_values("c", {1.5});  // no baseline defined: left out, still complete
  m = normalised_mean({a, b, d_prime});
  EXPECT_TRUE(m.complete);
  EXPECT_DOUBLE_EQ(m.mean, 60.0);
  b.status = "prediction failed";
  m = normalised_mean({a, b});
  EXPECT_FALSE(m.complete);
  EXPECT_DOUBLE_EQ(m.mean, 80.0);
}

TEST(ResultsFile, FindsResultsFilesUpToThreeFoldersDeep) {
  ScratchFolder dir("results-find");
  for (const char* f : {"m1/results.json", "sub/m2/results.json", "m1/task/results.json", "a/b/c/results.json",
                        ".hidden/results.json", "m3/other.json"})
    write_text_file(dir.file(f), "{}");
  const std::vector<std::string> found = find_results_files(dir.path());
  EXPECT_EQ(found, (std::vector<std::string>{dir.file("m1/results.json"), dir.file("m1/task/results.json"),
                                              dir.file("sub/m2/results.json")}));
  EXPECT_TRUE(find_results_files(dir.file("missing")).empty());
}

TEST(Sha256, KnownDigests) {
  // FIPS 180-4 example messages.
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  ScratchFolder dir("sha");
  write_text_file(dir.file("million_a"), std::string(1000000, 'a'));  // several read chunks' worth of blocks
  EXPECT_EQ(file_sha256_hex(dir.file("million_a")), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_NE(error_of([&] { file_sha256_hex(dir.file("nope")); }).find("nope"), std::string::npos);
}

TEST(TasksVersion, NamesTheGeneratorAndHashesTheMetadata) {
  ScratchFolder dir("tasks-version");
  tasks::testing::make_scene_task(dir.file("tasks/a"));
  tasks::testing::make_scene_task(dir.file("tasks/b"));
  const std::string plain = tasks_version(dir.file("tasks"), {"a", "b"});
  EXPECT_EQ(plain.rfind("metadata sha256 ", 0), 0u) << plain;  // no generator recorded
  EXPECT_EQ(tasks_version(dir.file("tasks"), {"b", "a"}), plain);  // order does not matter
  nlohmann::json m = nlohmann::json::parse(read_text_file(dir.file("tasks/a/task_metadata.json")));
  m["generator"] = {{"program", "gramt-cli make-tasks"}, {"seed", 42}, {"size", "small"}};
  write_text_file(dir.file("tasks/a/task_metadata.json"), m.dump());
  EXPECT_EQ(tasks_version(dir.file("tasks"), {"a"}).rfind("gramt-cli make-tasks seed=42 size=small; metadata sha256 ", 0), 0u);
  EXPECT_NE(tasks_version(dir.file("tasks"), {"a", "b"}), plain);  // a changed metadata file changes the version
}

}  // namespace
}  // namespace gramt::eval::benchmark

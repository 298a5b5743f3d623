// The task-folder reader: every field the kits read, the pandas label quirk, and one clear error
// per kind of bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>

#include "core/common/error.h"
#include "core/eval/format/embeddings_folder_layout.h"
#include "core/eval/format/label_vocabulary.h"
#include "core/eval/tasks/task_folder.h"
#include "tasks_test_support.h"

namespace gramt::eval::tasks {
namespace {

using testing::ScratchFolder;
using testing::write_text_file;
using Json = nlohmann::ordered_json;

// Expects a gramt::Error whose message contains every one of `parts`.
template <typename F>
void expect_error(F&& f, const std::vector<std::string>& parts) {
  try {
    f();
    ADD_FAILURE() << "no error thrown";
  } catch (const Error& e) {
    for (const std::string& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
  }
}

Json base_metadata() {
  Json m;
  m["task_name"] = "t";
  m["embedding_type"] = "scene";
  m["prediction_type"] = "multiclass";
  m["split_mode"] = "trainvaltest";
  m["splits"] = {"train", "valid", "test"};
  m["sample_duration"] = 1.0;
  m["evaluation"] = {"top1_acc"};
  return m;
}

// The layouts spell every file of a task folder and of an embeddings folder with the kits' names.
TEST(FolderLayouts, SpellTheKitsNames) {
  const format::TaskFolderLayout task("/t/mini_pitch-v1-small");
  EXPECT_EQ(task.metadata_file(), "/t/mini_pitch-v1-small/task_metadata.json");
  EXPECT_EQ(task.vocabulary_file(), "/t/mini_pitch-v1-small/labelvocabulary.csv");
  EXPECT_EQ(task.split_labels_file("fold00"), "/t/mini_pitch-v1-small/fold00.json");
  EXPECT_EQ(task.clip_metadata_file("test"), "/t/mini_pitch-v1-small/test.clip-metadata.json");
  EXPECT_EQ(task.audio_file(32000, "test", "a.wav"), "/t/mini_pitch-v1-small/32000/test/a.wav");
  const format::EmbeddingsFolderLayout emb("/e", "model", "mini_pitch-v1-small");
  EXPECT_EQ(emb.root(), "/e/model/mini_pitch-v1-small");
  EXPECT_EQ(emb.task_files().metadata_file(), "/e/model/mini_pitch-v1-small/task_metadata.json");
  EXPECT_EQ(emb.file_embedding("test", "a.wav"), "/e/model/mini_pitch-v1-small/test/a.wav.embedding.npy");
  EXPECT_EQ(emb.file_target_labels("test", "a.wav"), "/e/model/mini_pitch-v1-small/test/a.wav.target-labels.json");
  EXPECT_EQ(emb.file_timestamps("test", "a.wav"), "/e/model/mini_pitch-v1-small/test/a.wav.timestamps.json");
  EXPECT_EQ(emb.embedding_dimensions_file("test"), "/e/model/mini_pitch-v1-small/test.embedding-dimensions.json");
  EXPECT_EQ(emb.embeddings_matrix_file("test"), "/e/model/mini_pitch-v1-small/test.embeddings.npy");
  EXPECT_EQ(emb.target_labels_pickle("test"), "/e/model/mini_pitch-v1-small/test.target-labels.pkl");
  EXPECT_EQ(emb.filename_timestamps_file("test"), "/e/model/mini_pitch-v1-small/test.filename-timestamps.json");
  EXPECT_EQ(emb.profile_file(), "/e/model/mini_pitch-v1-small/profile.embeddings.json");
  EXPECT_EQ(emb.done_file(), "/e/model/mini_pitch-v1-small/.done.embeddings");
  EXPECT_FALSE(format::TaskFolderLayout::is_task_folder("/nonexistent/task"));
}

TEST(TaskMetadata, ReadsEveryFieldTheKitsRead) {
  Json m = base_metadata();
  m["embedding_type"] = "event";
  m["prediction_type"] = "accdoa";
  m["split_mode"] = "new_split_kfold";
  m["splits"] = {"fold00", "fold01", "fold02"};
  m["nfolds"] = 3;
  m["sample_duration"] = nullptr;
  m["evaluation"] = {"SELD", "OldSELD"};
  m["use_scoring_for_early_stopping"] = false;
  m["evaluation_params"] = {{"event_postprocessing_grid", {{"median_filter_ms", {150}}, {"min_duration", {50}}}},
                            {"task_specific_param_grid", {{"max_epochs", {50}}}}};
  m["scoring_params"] = {{"doa_threshold", 20}, {"average", "macro"}};
  m["source_dynamics"] = "dynamic";
  m["_nb_label_frames_1s"] = 10;
  m["download_urls"] = Json::array();  // extra keys are kept, not rejected
  const format::TaskMetadata t = format::parse_task_metadata(m, "meta.json");
  EXPECT_EQ(t.task_name, "t");
  EXPECT_EQ(t.embedding_type, format::EmbeddingType::event);
  EXPECT_EQ(t.prediction_type, format::PredictionType::accdoa);
  EXPECT_EQ(t.split_mode, format::SplitMode::new_split_kfold);
  EXPECT_EQ(t.splits, (std::vector<std::string>{"fold00", "fold01", "fold02"}));
  EXPECT_EQ(t.nfolds, 3);
  EXPECT_FALSE(t.sample_duration.has_value());
  EXPECT_EQ(t.evaluation.front(), "SELD");
  EXPECT_FALSE(t.use_scoring_for_early_stopping);
  EXPECT_EQ(t.event_postprocessing_grid["median_filter_ms"][0], 150);
  EXPECT_EQ(t.task_specific_param_grid["max_epochs"][0], 50);
  EXPECT_EQ(t.scoring_params["average"], "macro");
  EXPECT_EQ(t.source_dynamics, format::SourceDynamics::dynamic_sources);
  EXPECT_EQ(t.nb_label_frames_1s, 10);
  EXPECT_TRUE(t.raw.contains("download_urls"));
  EXPECT_FALSE(t.is_localization());
}

TEST(TaskMetadata, LocalizationFormsAreSceneTasks) {
  Json m = base_metadata();
  m["prediction_type"] = "cartesian-regression";
  EXPECT_TRUE(format::parse_task_metadata(m, "m").is_localization());
  m["embedding_type"] = "event";
  expect_error([&] { format::parse_task_metadata(m, "m"); }, {"m", "prediction_type", "scene"});
}

TEST(TaskMetadata, BadFieldsAreNamed) {
  struct Case {
    const char* field;
    Json value;
  };
  const std::vector<Case> cases = {
      {"prediction_type", "regression"},   {"split_mode", "random"},       {"embedding_type", "frame"},
      {"splits", Json::array()},           {"evaluation", "top1_acc"},     {"sample_duration", -1},
      {"use_scoring_for_early_stopping", "yes"}, {"source_dynamics", "moving"}, {"task_name", 5},
  };
  for (const Case& c : cases) {
    Json m = base_metadata();
    m[c.field] = c.value;
    expect_error([&] { format::parse_task_metadata(m, "dir/task_metadata.json"); }, {"dir/task_metadata.json", c.field});
  }
  for (const char* missing : {"task_name", "embedding_type", "prediction_type", "split_mode", "splits",
                              "sample_duration", "evaluation"}) {
    Json m = base_metadata();
    m.erase(missing);
    expect_error([&] { format::parse_task_metadata(m, "x.json"); }, {"x.json", missing, "missing"});
  }
  Json m = base_metadata();
  m["splits"] = {"train", "test"};
  expect_error([&] { format::parse_task_metadata(m, "x.json"); }, {"splits", "valid"});
  m = base_metadata();
  m["split_mode"] = "presplit_kfold";
  m["splits"] = {"fold00", "fold01"};
  expect_error([&] { format::parse_task_metadata(m, "x.json"); }, {"splits", "at least 3"});
  m = base_metadata();
  m["embedding_type"] = "event";
  m["prediction_type"] = "accdoa";
  expect_error([&] { format::parse_task_metadata(m, "x.json"); }, {"source_dynamics"});
}

TEST(LabelVocabulary, PandasTypeInferenceThenStr) {
  // All integers: re-printed as int64 ("007" -> "7", "+5" -> "5").
  auto v = format::parse_label_vocabulary("idx,label\n0,21\n1,007\n2,+5\n", "v.csv");
  EXPECT_EQ(v.labels, (std::vector<std::string>{"21", "7", "5"}));
  EXPECT_EQ(v.written[1], "007");
  EXPECT_EQ(v.index_of.at("7"), 1);
  // An empty cell makes the column float: 21 -> "21.0", the blank -> "nan".
  v = format::parse_label_vocabulary("idx,label\n0,21\n1,\n", "v.csv");
  EXPECT_EQ(v.labels, (std::vector<std::string>{"21.0", "nan"}));
  // Floats use Python's repr.
  v = format::parse_label_vocabulary("idx,label\n0,1.50\n1,1e-5\n2,3\n", "v.csv");
  EXPECT_EQ(v.labels, (std::vector<std::string>{"1.5", "1e-05", "3.0"}));
  // Mixed text stays text; NA spellings still become "nan".
  v = format::parse_label_vocabulary("idx,label\n0,007\n1,dog\n2,None\n", "v.csv");
  EXPECT_EQ(v.labels, (std::vector<std::string>{"007", "dog", "nan"}));
  // Booleans.
  v = format::parse_label_vocabulary("idx,label\n0,true\n1,FALSE\n", "v.csv");
  EXPECT_EQ(v.labels, (std::vector<std::string>{"True", "False"}));
  // Quoted cells with commas, CRLF line ends, rows in any idx order.
  v = format::parse_label_vocabulary("idx,label\r\n1,\"Bark, dog\"\r\n0,Cat\r\n", "v.csv");
  EXPECT_EQ(v.labels, (std::vector<std::string>{"Cat", "Bark, dog"}));
  EXPECT_EQ(format::parse_label_vocabulary(format::format_label_vocabulary({"a,b", "c"}), "v").labels,
            (std::vector<std::string>{"a,b", "c"}));
}

TEST(LabelVocabulary, BadFilesAreNamed) {
  expect_error([] { format::parse_label_vocabulary("", "v.csv"); }, {"v.csv", "empty"});
  expect_error([] { format::parse_label_vocabulary("index,name\n0,a\n", "v.csv"); }, {"v.csv", "header"});
  expect_error([] { format::parse_label_vocabulary("idx,label\nzero,a\n", "v.csv"); }, {"v.csv", "idx"});
  expect_error([] { format::parse_label_vocabulary("idx,label\n0,a\n2,b\n", "v.csv"); }, {"v.csv", "max(idx)"});
  expect_error([] { format::parse_label_vocabulary("idx,label\n0,a\n2,b\n2,c\n", "v.csv"); }, {"v.csv", "twice"});
  expect_error([] { format::parse_label_vocabulary("idx,label\n0,7\n1,007\n", "v.csv"); }, {"v.csv", "007"});
  expect_error([] { format::parse_label_vocabulary("idx,label\n", "v.csv"); }, {"v.csv", "no labels"});
}

TEST(SplitLabels, SceneEventAccdoaAndLocalizationForms) {
  const format::LabelVocabulary vocab = format::parse_label_vocabulary("idx,label\n0,21\n1,dog\n", "v.csv");
  Json m = base_metadata();
  m["prediction_type"] = "multilabel";
  format::TaskMetadata meta = format::parse_task_metadata(m, "m");
  // Numbers are looked up as str(label).
  format::SplitLabels s = format::parse_split_labels(Json::parse(R"({"b.wav": [21, "dog"], "a.wav": []})"), meta, &vocab, "train", "train.json");
  ASSERT_EQ(s.files.size(), 2u);
  EXPECT_EQ(s.files[0].name, "b.wav");  // key order kept
  EXPECT_EQ(s.files[0].labels[0], 21);

  m["embedding_type"] = "event";
  meta = format::parse_task_metadata(m, "m");
  s = format::parse_split_labels(Json::parse(R"({"a.wav": [{"label": "dog", "start": 10, "end": 20.5}]})"), meta, &vocab,
                         "train", "train.json");
  ASSERT_EQ(s.files[0].events.size(), 1u);
  EXPECT_DOUBLE_EQ(s.files[0].events[0].end_ms, 20.5);
  EXPECT_FALSE(s.files[0].events[0].direction.has_value());

  m["prediction_type"] = "accdoa";
  m["source_dynamics"] = "dynamic";
  m["_nb_label_frames_1s"] = 10;
  meta = format::parse_task_metadata(m, "m");
  s = format::parse_split_labels(
      Json::parse(R"({"a.wav": [{"label": 21, "start": 0, "end": 100, "direction": [30, -10], "source_idx": 0}]})"),
      meta, &vocab, "train", "train.json");
  EXPECT_EQ(s.files[0].events[0].label_text, "21");
  EXPECT_DOUBLE_EQ((*s.files[0].events[0].direction)[1], -10.0);
  EXPECT_EQ(s.files[0].events[0].source_idx, 0);
  expect_error([&] {
    format::parse_split_labels(Json::parse(R"({"a.wav": [{"label": 21, "start": 0, "end": 100, "direction": [30, -10]}]})"),
                       meta, &vocab, "train", "train.json");
  }, {"train.json", "a.wav", "source_idx"});

  Json loc = base_metadata();
  loc["prediction_type"] = "cartesian-regression";
  meta = format::parse_task_metadata(loc, "m");
  s = format::parse_split_labels(Json::parse(R"({"a.wav": [0.5, -0.5, 0.7071]})"), meta, nullptr, "test", "test.json");
  EXPECT_DOUBLE_EQ(s.files[0].labels[2].get<double>(), 0.7071);
  expect_error([&] { format::parse_split_labels(Json::parse(R"({"a.wav": [1, 2]})"), meta, nullptr, "test", "test.json"); },
               {"test.json", "a.wav", "3 numbers"});
}

TEST(SplitLabels, BadEntriesAreNamed) {
  const format::LabelVocabulary vocab = format::parse_label_vocabulary("idx,label\n0,cat\n1,dog\n", "v.csv");
  const format::TaskMetadata scene = format::parse_task_metadata(base_metadata(), "m");
  const auto parse = [&](const char* text, const format::TaskMetadata& meta) {
    return format::parse_split_labels(Json::parse(text), meta, &vocab, "train", "train.json");
  };
  expect_error([&] { parse(R"({"a.wav": ["cow"]})", scene); }, {"train.json", "a.wav", "cow", "v.csv"});
  expect_error([&] { parse(R"({"a.wav": ["cat", "dog"]})", scene); }, {"train.json", "a.wav", "exactly one"});
  expect_error([&] { parse(R"({})", scene); }, {"train.json", "no audio files"});
  expect_error([&] { parse(R"(["a.wav"])", scene); }, {"train.json", "object"});
  expect_error([&] { parse(R"({"../a.wav": ["cat"]})", scene); }, {"train.json", "plain file name"});
  Json m = base_metadata();
  m["embedding_type"] = "event";
  m["prediction_type"] = "multilabel";
  const format::TaskMetadata event = format::parse_task_metadata(m, "m");
  expect_error([&] { parse(R"({"a.wav": [{"label": "cat", "start": 50, "end": 10}]})", event); },
               {"train.json", "a.wav", "before start"});
  expect_error([&] { parse(R"({"a.wav": [{"label": "cat", "start": "0", "end": 10}]})", event); },
               {"train.json", "start"});
  expect_error([&] { parse(R"({"a.wav": [{"label": "bird", "start": 0, "end": 10}]})", event); },
               {"train.json", "bird"});
}

TEST(TaskFolder, ReadsAHandWrittenFolder) {
  ScratchFolder dir("task-reader");
  const std::string task = dir.file("tiny_scene-v1-full");
  testing::make_scene_task(task, 16000);
  const TaskFolder t = read_task_folder(task);
  EXPECT_EQ(t.name, "tiny_scene-v1-full");
  EXPECT_EQ(t.metadata.task_name, "tiny_scene");
  ASSERT_TRUE(t.vocabulary.has_value());
  EXPECT_EQ(t.vocabulary->labels, (std::vector<std::string>{"cat", "dog"}));
  ASSERT_EQ(t.splits.size(), 3u);
  EXPECT_EQ(t.splits[1].split, "valid");
  EXPECT_EQ(t.file_count(), 6u);
  EXPECT_EQ(t.sample_rates, std::vector<int>{16000});
  EXPECT_NO_THROW(check_task_audio(t, 16000));

  const AudioSourceChoice same = choose_audio_source(t, 16000);
  EXPECT_FALSE(same.resample);
  EXPECT_TRUE(same.warning.empty());
  const AudioSourceChoice other = choose_audio_source(t, 32000);
  EXPECT_TRUE(other.resample);
  EXPECT_EQ(other.folder_rate, 16000);
  EXPECT_NE(other.warning.find("resampling"), std::string::npos);
}

TEST(TaskFolder, PicksTheHighestRateWhenTheModelRateIsMissing) {
  ScratchFolder dir("task-rates");
  const std::string task = dir.file("t");
  testing::make_scene_task(task, 22050);
  std::filesystem::create_directories(task + "/48000");
  std::filesystem::create_directories(task + "/16000");
  const TaskFolder t = read_task_folder(task);
  EXPECT_EQ(t.sample_rates, (std::vector<int>{16000, 22050, 48000}));
  EXPECT_EQ(choose_audio_source(t, 32000).folder_rate, 48000);
}

TEST(TaskFolder, BadFoldersAreNamed) {
  ScratchFolder dir("task-bad");
  const std::string task = dir.file("t");
  expect_error([&] { read_task_folder(task); }, {task, "no such directory"});

  testing::make_scene_task(task, 16000);
  std::filesystem::remove(task + "/task_metadata.json");
  expect_error([&] { read_task_folder(task); }, {"task_metadata.json", "missing"});

  write_text_file(task + "/task_metadata.json", "{\"task_name\": ");
  expect_error([&] { read_task_folder(task); }, {"task_metadata.json", "not valid JSON"});

  testing::make_scene_task(task, 16000);
  std::filesystem::remove(task + "/valid.json");
  expect_error([&] { read_task_folder(task); }, {"valid.json", "missing"});

  testing::make_scene_task(task, 16000);
  std::filesystem::remove(task + "/labelvocabulary.csv");
  expect_error([&] { read_task_folder(task); }, {"labelvocabulary.csv"});

  testing::make_scene_task(task, 16000);
  write_text_file(task + "/test.json", "{}");
  expect_error([&] { read_task_folder(task); }, {"test.json", "no audio files"});

  testing::make_scene_task(task, 16000);
  std::filesystem::remove_all(task + "/16000");
  expect_error([&] { read_task_folder(task); }, {task, "no audio folder"});

  // Unreadable audio: a file that is not audio, a missing file, a file at the wrong rate.
  testing::make_scene_task(task, 16000);
  write_text_file(task + "/16000/valid/valid_1.wav", "not a wave file");
  expect_error([&] { check_task_audio(read_task_folder(task), 16000); }, {"valid_1.wav"});
  std::filesystem::remove(task + "/16000/valid/valid_1.wav");
  expect_error([&] { check_task_audio(read_task_folder(task), 16000); }, {"valid_1.wav"});
  testing::write_marked_wav(task + "/16000/valid/valid_1.wav", 8000, 0.5, 1);
  expect_error([&] { check_task_audio(read_task_folder(task), 16000); }, {"valid_1.wav", "8000"});
}

TEST(TaskFolder, ListingSkipsHiddenEntriesAndFiles) {
  ScratchFolder dir("task-list");
  std::filesystem::create_directories(dir.file("b-task"));
  std::filesystem::create_directories(dir.file("a-task"));
  std::filesystem::create_directories(dir.file(".b-task.partial-1"));
  write_text_file(dir.file("README.txt"), "x");
  EXPECT_EQ(list_task_folders(dir.path()), (std::vector<std::string>{"a-task", "b-task"}));
  expect_error([&] { list_task_folders(dir.file("nothing")); }, {"nothing", "does not exist"});
}

}  // namespace
}  // namespace gramt::eval::tasks

namespace gramt::eval::tasks {
namespace {

// Hardening: values a crafted file could use to misbehave are refused by name.
TEST(TaskMetadata, AbsurdValuesAndDeepNestingAreRefused) {
  std::string base = base_metadata().dump();
  base.pop_back();  // reopen the object to append raw JSON text
  expect_error([&] { format::parse_task_metadata_text(base + R"(, "sample_duration": 1e999})", "m.json"); }, {"m.json"});
  Json infinite = base_metadata();
  infinite["sample_duration"] = std::numeric_limits<double>::infinity();
  expect_error([&] { format::parse_task_metadata(infinite, "m.json"); }, {"m.json", "sample_duration"});
  expect_error([&] { format::parse_task_metadata_text(base + R"(, "nfolds": -3})", "m.json"); }, {"m.json", "nfolds"});
  expect_error([&] { format::parse_task_metadata_text(base + R"(, "_nb_label_frames_1s": 18446744073709551615})", "m.json"); },
               {"m.json", "_nb_label_frames_1s"});
  const std::string deep = base + R"(, "scoring_params": {"x": )" + std::string(100000, '[') + std::string(100000, ']') + "}}";
  expect_error([&] { format::parse_task_metadata_text(deep, "m.json"); }, {"m.json", "nested"});
  EXPECT_EQ(format::parse_task_metadata_text(base + "}", "m.json").task_name, "t");
}

}  // namespace
}  // namespace gramt::eval::tasks

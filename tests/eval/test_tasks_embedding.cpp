// The embeddings runner writes what the kits' runner writes, read back the way the kits read it:
// raw float32 rows without a header in the kit's shuffled order, [N, D] dimensions, pickled label
// rows, per-file .npy / JSON, and resumes, isolates failures and never leaves half a folder.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/common/file_lock.h"
#include "core/eval/format/label_pickle.h"
#include "core/eval/predict/split_embeddings.h"
#include "core/eval/tasks/embed_tasks.h"
#include "core/eval/tasks/frame_labels.h"
#include "core/eval/tasks/hear_clip_embedder.h"
#include "core/eval/tasks/model_tag.h"
#include "core/eval/format/python_json.h"
#include "core/io/npy.h"
#include "tasks_test_support.h"

namespace gramt::eval::tasks {
namespace {

namespace fs = std::filesystem;
using testing::read_text_file;
using testing::ScratchFolder;
using Json = nlohmann::ordered_json;

std::vector<float> read_raw_floats(const std::string& path) {
  const std::string bytes = read_text_file(path);
  std::vector<float> v(bytes.size() / sizeof(float));
  std::memcpy(v.data(), bytes.data(), v.size() * sizeof(float));
  EXPECT_EQ(bytes.size() % sizeof(float), 0u);
  return v;
}

EmbedTasksParams params_for(const ScratchFolder& dir) {
  EmbedTasksParams p;
  p.tasks_dir = dir.file("tasks");
  p.embeddings_dir = dir.file("embeddings");
  p.model_tag = "fake-strategy=raw";
  return p;
}

TEST(EmbeddingWriter, SceneTaskFilesAsTheKitWritesThem) {
  ScratchFolder dir("embed-scene");
  testing::make_scene_task(dir.file("tasks/tiny_scene-v1-full"), 16000);
  testing::FakeEmbedder fake(16000);
  const EmbedTasksSummary summary = embed_tasks(fake, params_for(dir), {});
  ASSERT_EQ(summary.tasks.size(), 1u);
  ASSERT_EQ(summary.tasks[0].status, TaskEmbedStatus::embedded) << summary.tasks[0].error;
  const std::string out = dir.file("embeddings/fake-strategy=raw/tiny_scene-v1-full");
  EXPECT_EQ(summary.tasks[0].output_dir, out);

  for (const char* copied : {"task_metadata.json", "labelvocabulary.csv", "train.json", "valid.json", "test.json"}) {
    EXPECT_EQ(read_text_file(out + "/" + copied), read_text_file(dir.file("tasks/tiny_scene-v1-full/") + copied))
        << copied;
  }
  EXPECT_TRUE(fs::exists(out + "/.done.embeddings"));
  const Json profile = Json::parse(read_text_file(out + "/profile.embeddings.json"));
  EXPECT_TRUE(profile["gpu_max_mem"].is_null());
  EXPECT_EQ(profile["gpu_device_name"], "cpu");

  // The kit shuffles each split's file list with one random.Random(0), continued across splits:
  EXPECT_EQ(read_text_file(out + "/train.embedding-dimensions.json"), "[2, 3]");
  // Per file: the scene embedding as .npy and the label list as compact JSON.
  const io::NpyArray one = io::read_npy(out + "/train/train_0.wav.embedding.npy");
  EXPECT_EQ(one.dtype, "<f4");
  EXPECT_EQ(one.shape, std::vector<int64_t>{3});
  EXPECT_EQ(one.to_float(), (std::vector<float>{1.0f, -1.0f, 0.25f}));
  EXPECT_EQ(read_text_file(out + "/train/train_0.wav.target-labels.json"), "[\"dog\"]");
  EXPECT_FALSE(fs::exists(out + "/train.filename-timestamps.json"));

  // Rows, labels and order: markers are 1..6 in file order (train_0, train_1, valid_0, ...).
  std::vector<int> order;
  Json labels = Json::array();
  for (const std::string split : {"train", "valid", "test"}) {
    const std::vector<float> raw = read_raw_floats(out + "/" + split + ".embeddings.npy");
    ASSERT_EQ(raw.size(), 6u) << split;  // header-less: exactly N x D floats
    const nlohmann::json rows = format::read_label_pickle(out + "/" + split + ".target-labels.pkl");
    ASSERT_EQ(rows.size(), 2u);
    for (int r = 0; r < 2; ++r) {
      const int marker = static_cast<int>(raw[static_cast<size_t>(r) * 3]);
      EXPECT_EQ(raw[static_cast<size_t>(r) * 3 + 1], -static_cast<float>(marker));
      order.push_back(marker);
      // Odd markers are the "dog" files (index 0 of each split).
      EXPECT_EQ(rows[static_cast<size_t>(r)][0], marker % 2 == 1 ? "dog" : "cat");
    }
  }
  // CPython: r = random.Random(0); then r.shuffle of each split's 2 files in turn gives
  // [0, 1], [0, 1], [1, 0] -- only the test split comes out swapped.
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4, 6, 5}));

  // The predictor's reader (the kits' reading rules) accepts the folder.
  const predict::SplitEmbeddings loaded = predict::load_split_embeddings(out, "test", false);
  EXPECT_EQ(loaded.rows(), 2);
  EXPECT_EQ(loaded.embeddings.size(1), 3);
  // The rows are mapped from the file, copy-on-write: the values are the file's, and a change to
  // the tensor never reaches the file.
  const std::string matrix_file = out + "/test.embeddings.npy";
  const std::string before = testing::read_text_file(matrix_file);
  EXPECT_EQ(0, std::memcmp(loaded.embeddings.data_ptr<float>(), before.data(), before.size()));
  loaded.embeddings.mul_(2.0f);
  EXPECT_EQ(testing::read_text_file(matrix_file), before);
}

TEST(EmbeddingWriter, ClipMetadataTravelsWithTheEmbeddings) {
  ScratchFolder dir("embed-clip-metadata");
  testing::make_scene_task(dir.file("tasks/tiny_scene-v1-full"), 16000);
  const std::string facts = R"({"test_0.wav": {"snr_db": 12.5, "room": "small"}})";
  {
    std::ofstream out(dir.file("tasks/tiny_scene-v1-full/test.clip-metadata.json"), std::ios::binary);
    out << facts;
  }
  testing::FakeEmbedder fake(16000);
  const EmbedTasksSummary summary = embed_tasks(fake, params_for(dir), {});
  ASSERT_EQ(summary.tasks[0].status, TaskEmbedStatus::embedded) << summary.tasks[0].error;
  const std::string out = dir.file("embeddings/fake-strategy=raw/tiny_scene-v1-full");
  EXPECT_EQ(read_text_file(out + "/test.clip-metadata.json"), facts);
  EXPECT_FALSE(fs::exists(out + "/train.clip-metadata.json"));  // only where the task has one
}

TEST(EmbeddingWriter, EventTaskFramesTimestampsAndSlugs) {
  ScratchFolder dir("embed-event");
  testing::make_event_task(dir.file("tasks/tiny_event"), 16000);
  testing::FakeEmbedder fake(16000);
  const EmbedTasksSummary summary = embed_tasks(fake, params_for(dir), {});
  ASSERT_EQ(summary.tasks.at(0).status, TaskEmbedStatus::embedded) << summary.tasks[0].error;
  const std::string out = dir.file("embeddings/fake-strategy=raw/tiny_event");

  // 1 s clips, a frame every 250 ms: 5 frames of width 4 per file, 2 files per split.
  EXPECT_EQ(read_text_file(out + "/train.embedding-dimensions.json"), "[10, 4]");
  const io::NpyArray per_file = io::read_npy(out + "/train/train_0.wav.embedding.npy");
  EXPECT_EQ(per_file.shape, (std::vector<int64_t>{5, 4}));
  EXPECT_EQ(read_text_file(out + "/train/train_0.wav.timestamps.json"), "[0.0, 250.0, 500.0, 750.0, 1000.0]");
  // Events: beep [0, 250] ms (end-inclusive), knock [500, 600.5] ms.
  const Json frames = Json::parse(read_text_file(out + "/train/train_0.wav.target-labels.json"));
  EXPECT_EQ(frames, Json::parse(R"([["beep"], ["beep"], ["knock"], [], []])"));
  EXPECT_NE(read_text_file(out + "/train/train_0.wav.target-labels.json").find("[\n    [\n        \"beep\""),
            std::string::npos);  // indent 4, as json.dump(indent=4)

  const std::vector<float> raw = read_raw_floats(out + "/train.embeddings.npy");
  ASSERT_EQ(raw.size(), 40u);
  const Json slugs = Json::parse(read_text_file(out + "/train.filename-timestamps.json"));
  ASSERT_EQ(slugs.size(), 10u);
  const nlohmann::json rows = format::read_label_pickle(out + "/train.target-labels.pkl");
  ASSERT_EQ(rows.size(), 10u);
  for (size_t r = 0; r < 10; ++r) {
    const int marker = static_cast<int>(raw[r * 4]);
    const std::string file = marker == 1 ? "train_0.wav" : "train_1.wav";
    EXPECT_EQ(slugs[r][0], (fs::path(out) / "train" / file).string());
    EXPECT_EQ(slugs[r][1].get<double>(), 250.0 * raw[r * 4 + 1]);  // frames contiguous, in time order
    if (marker == 2) {
      EXPECT_TRUE(rows[r].empty());
    }
  }
  // random.Random(0) shuffles train as [0, 1], valid as [0, 1], test as [1, 0].
  EXPECT_EQ(static_cast<int>(raw[0]), 1);
  EXPECT_EQ(static_cast<int>(read_raw_floats(out + "/test.embeddings.npy")[0]), 6);

  const predict::SplitEmbeddings loaded = predict::load_split_embeddings(out, "valid", true);
  EXPECT_EQ(loaded.rows(), 10);
  EXPECT_EQ(loaded.row_files.size(), 10u);
}

TEST(EmbeddingRunner, ResumesSkipsAndIsolatesFailures) {
  ScratchFolder dir("embed-resume");
  testing::make_scene_task(dir.file("tasks/a_good"), 16000);
  testing::make_scene_task(dir.file("tasks/b_bad"), 16000);
  testing::write_text_file(dir.file("tasks/b_bad/task_metadata.json"), R"({"task_name": "b", "prediction_type": "x"})");
  testing::make_event_task(dir.file("tasks/c_good"), 16000);
  testing::FakeEmbedder fake(16000);
  std::vector<std::string> lines;
  EmbedTasksParams p = params_for(dir);
  p.batch_clips = 1;  // one clip per call: the batching limit is honoured
  p.log = [&](const std::string& line) { lines.push_back(line); };
  const EmbedTasksSummary first = embed_tasks(fake, p, {});
  ASSERT_EQ(first.tasks.size(), 3u);
  EXPECT_EQ(first.tasks[0].status, TaskEmbedStatus::embedded);
  EXPECT_EQ(first.tasks[1].status, TaskEmbedStatus::failed);
  EXPECT_NE(first.tasks[1].error.find("task_metadata.json"), std::string::npos) << first.tasks[1].error;
  EXPECT_EQ(first.tasks[2].status, TaskEmbedStatus::embedded);
  EXPECT_EQ(first.count(TaskEmbedStatus::failed), 1u);
  EXPECT_EQ(fake.calls, 12);
  EXPECT_FALSE(fs::exists(dir.file("embeddings/fake-strategy=raw/b_bad")));
  for (const auto& entry : fs::directory_iterator(dir.file("embeddings/fake-strategy=raw")))
    EXPECT_NE(entry.path().filename().string()[0], '.') << "temporary folder left behind";

  const std::string marker = dir.file("embeddings/fake-strategy=raw/a_good/train.embeddings.npy");
  const auto stamp = fs::last_write_time(marker);
  const EmbedTasksSummary second = embed_tasks(fake, p, {});
  EXPECT_EQ(second.tasks[0].status, TaskEmbedStatus::skipped);
  EXPECT_EQ(second.tasks[2].status, TaskEmbedStatus::skipped);
  EXPECT_EQ(second.tasks[1].status, TaskEmbedStatus::failed);
  EXPECT_EQ(fake.calls, 12);  // nothing embedded again
  EXPECT_EQ(fs::last_write_time(marker), stamp);

  // An incomplete folder (no done marker) is redone.
  fs::remove(dir.file("embeddings/fake-strategy=raw/a_good/.done.embeddings"));
  p.task_names = {"a_good"};
  const EmbedTasksSummary third = embed_tasks(fake, p, {});
  ASSERT_EQ(third.tasks.size(), 1u);
  EXPECT_EQ(third.tasks[0].status, TaskEmbedStatus::embedded);
  EXPECT_TRUE(fs::exists(dir.file("embeddings/fake-strategy=raw/a_good/.done.embeddings")));
}

TEST(EmbeddingRunner, UnreadableAudioFailsOnlyThatTaskAndLeavesNothing) {
  ScratchFolder dir("embed-badaudio");
  testing::make_scene_task(dir.file("tasks/t"), 16000);
  testing::write_text_file(dir.file("tasks/t/16000/test/test_1.wav"), "RIFF....garbage");
  testing::FakeEmbedder fake(16000);
  const EmbedTasksSummary s = embed_tasks(fake, params_for(dir), {});
  ASSERT_EQ(s.tasks.at(0).status, TaskEmbedStatus::failed);
  EXPECT_NE(s.tasks[0].error.find("test_1.wav"), std::string::npos) << s.tasks[0].error;
  EXPECT_TRUE(fs::is_empty(dir.file("embeddings/fake-strategy=raw")));
}

TEST(EmbeddingRunner, ResamplesWhenTheModelRateFolderIsMissing) {
  ScratchFolder dir("embed-resample");
  testing::make_scene_task(dir.file("tasks/t"), 16000);
  testing::FakeEmbedder fake(32000);
  std::vector<std::string> lines;
  EmbedTasksParams p = params_for(dir);
  p.log = [&](const std::string& line) { lines.push_back(line); };
  const EmbedTasksSummary s = embed_tasks(fake, p, {});
  ASSERT_EQ(s.tasks.at(0).status, TaskEmbedStatus::embedded) << s.tasks[0].error;
  ASSERT_EQ(s.tasks[0].warnings.size(), 1u);
  EXPECT_NE(s.tasks[0].warnings[0].find("resampling 16000 Hz"), std::string::npos);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], s.tasks[0].warnings[0]);
}

// A task of FuMa clips declared as AmbiX: one warning naming the task, from its first clips pooled;
// declared as FuMa in task_metadata.json, none, and the embedder gets W, X, Y, Z.
TEST(EmbeddingRunner, AmbisonicTasksAreReadInTheirDeclaredConventionAndAWrongOneIsWarnedAbout) {
  ScratchFolder dir("embed-foa");
  const std::string task = dir.file("tasks/t");
  testing::make_scene_task(task, 32000);
  uint32_t state = 1;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(task))
    if (entry.path().extension() == ".wav") {
      // White noise from the left (azimuth 90°) in FuMa: W/√2, X = 0, Y = s, Z = 0.
      audio::AudioBuffer b;
      b.sample_rate = 32000;
      b.channels.assign(4, std::vector<float>(16000));
      for (size_t i = 0; i < 16000; ++i) {
        state = state * 1664525u + 1013904223u;
        const float v = static_cast<float>(static_cast<int32_t>(state >> 8) % 2000) / 10000.0f;
        b.channels[0][i] = v / std::sqrt(2.0f);
        b.channels[2][i] = v;
      }
      audio::write_wav(entry.path().string(), b, "float");
    }
  struct Recording : testing::FakeEmbedder {
    using FakeEmbedder::FakeEmbedder;
    std::vector<ClipEmbedding> embed_many(const std::vector<audio::AudioBuffer>& clips, const std::vector<std::string>& names,
                                          const ProgressSink& progress) override {
      first = clips.front();
      return FakeEmbedder::embed_many(clips, names, progress);
    }
    audio::AudioBuffer first;
  } fake(32000);
  EmbedTasksParams p = params_for(dir);
  EmbedTasksSummary s = embed_tasks(fake, p, {});
  ASSERT_EQ(s.tasks.at(0).status, TaskEmbedStatus::embedded) << s.tasks[0].error;
  ASSERT_EQ(s.tasks[0].warnings.size(), 1u);
  EXPECT_NE(s.tasks[0].warnings[0].find("t (its first"), std::string::npos) << s.tasks[0].warnings[0];
  EXPECT_NE(s.tasks[0].warnings[0].find("FuMa"), std::string::npos) << s.tasks[0].warnings[0];

  Json metadata = Json::parse(read_text_file(task + "/task_metadata.json"));
  metadata["ambisonic_format"] = "fuma";
  testing::write_text_file(task + "/task_metadata.json", metadata.dump());
  std::filesystem::remove_all(dir.file("embeddings"));
  s = embed_tasks(fake, p, {});
  ASSERT_EQ(s.tasks.at(0).status, TaskEmbedStatus::embedded) << s.tasks[0].error;
  EXPECT_TRUE(s.tasks[0].warnings.empty());
  // W X Y Z with SN3D gains: W restored to full level, Y third.
  ASSERT_EQ(fake.first.channel_count(), 4);
  EXPECT_NEAR(fake.first.channels[0][10], fake.first.channels[2][10], 1e-6);
  EXPECT_NEAR(fake.first.channels[1][10], 0.0f, 1e-6);

  metadata["ambisonic_format"] = "bformat";
  testing::write_text_file(task + "/task_metadata.json", metadata.dump());
  std::filesystem::remove_all(dir.file("embeddings"));
  s = embed_tasks(fake, p, {});
  EXPECT_EQ(s.tasks.at(0).status, TaskEmbedStatus::failed);
  EXPECT_NE(s.tasks[0].error.find("ambisonic_format"), std::string::npos) << s.tasks[0].error;
}

TEST(EmbeddingRunner, RejectsBadRunSettings) {
  ScratchFolder dir("embed-settings");
  testing::FakeEmbedder fake(16000);
  EmbedTasksParams p = params_for(dir);
  EXPECT_THROW(embed_tasks(fake, p, {}), Error);  // no tasks folder
  testing::make_scene_task(dir.file("tasks/t"), 16000);
  p.task_names = {"missing"};
  EXPECT_THROW(embed_tasks(fake, p, {}), Error);
  p.task_names = {};
  p.model_tag = "../x";
  EXPECT_THROW(embed_tasks(fake, p, {}), Error);
}

TEST(FrameLabels, EndInclusiveAndDynamicSources) {
  format::TaskEvent a;
  a.label = "dog";
  a.start_ms = 100;
  a.end_ms = 200;
  format::TaskEvent b = a;
  b.label = 7;
  b.start_ms = 200;
  b.end_ms = 300;
  const Json frames = labels_for_timestamps({a, b}, {0.0f, 100.0f, 200.0f, 300.0f}, format::SourceDynamics::unspecified);
  EXPECT_EQ(frames, Json::parse(R"([[], ["dog"], ["dog", 7], [7]])"));
  a.direction = std::array<double, 2>{30.0, 0.0};
  b.direction = std::array<double, 2>{-90.0, 10.0};
  const Json dynamic = labels_for_timestamps({a, b}, {100.0f, 200.0f}, format::SourceDynamics::dynamic_sources);
  EXPECT_EQ(dynamic, Json::parse(R"([[["dog", [30.0, 0.0]]], [[7, [-90.0, 10.0]]]])"));
}

TEST(KitText, PickleCompactJsonAndModelTag) {
  const Json rows = Json::parse(R"([["dog"], ["cat", 21, 1.5, true, null], [], [70000, -2, 1099511627776]])");
  const std::string bytes = format::encode_label_pickle(rows);
  EXPECT_EQ(bytes.substr(0, 3), std::string("\x80\x04\x95", 3));
  EXPECT_EQ(format::decode_label_pickle(bytes, "rows"), nlohmann::json::parse(rows.dump()));
  Json many = Json::array();
  for (int i = 0; i < 2500; ++i) many.push_back(Json::array({i}));
  EXPECT_EQ(format::decode_label_pickle(format::encode_label_pickle(many), "many").size(), 2500u);

  EXPECT_EQ(format::python_json_dumps(Json::parse(R"({"a": [1, 2.5, "x"], "b": {}})")), R"({"a": [1, 2.5, "x"], "b": {}})");
  EXPECT_EQ(format::python_json_dumps(Json::array({1e-5, 3.0, "caf\u00e9"})), R"([1e-05, 3.0, "caf\u00e9"])");

  EXPECT_EQ(slugify("use_mwmae_decoder"), "use-mwmae-decoder");
  EXPECT_EQ(model_tag("hear_configs.GRAMT", {{"strategy", "raw"}, {"use_mwmae_decoder", "true"}, {"in_channels", "2"}}),
            "hear_configs.GRAMT-strategy=raw-use-mwmae-decoder=true-in-channels=2");
  EXPECT_EQ(model_tag("m", {}), "m");
}

TEST(KitModelOptions, NameTheFolderAsTheKitsDoAndOverrideTheEmbedding) {
  HearModelOptions o;
  o.weights_path = std::string(GRAMT_TEST_DATA_DIR) + "/golden/frame/weights.safetensors";
  apply_kit_model_options(R"({"strategy": "raw", "use_mwmae_decoder": "true", "in_channels": 2})", o);
  EXPECT_EQ(default_model_tag(o, "frame"), "hear_configs.GRAMT-strategy=raw-use-mwmae-decoder=true-in-channels=2");
  EXPECT_EQ(default_model_tag(o, "time"), "hear_configs.GRAMTTime-strategy=raw-use-mwmae-decoder=true-in-channels=2");
  HearModelOptions m;
  apply_kit_model_options(R"({"in_channels": 7, "strategy": "mean", "layer": 1, "use_mwmae_decoder": true})", m);
  EXPECT_EQ(m.strategy, "mean");
  EXPECT_EQ(m.layer, 1);
  EXPECT_EQ(default_model_tag(m), "hear_configs.GRAMT-in-channels=7-strategy=mean-layer=1-use-mwmae-decoder=true");
  HearModelOptions none;
  apply_kit_model_options("", none);
  EXPECT_EQ(default_model_tag(none).rfind("hear_configs", 0), std::string::npos);

  const std::vector<std::pair<std::string, std::string>> bad{
      {"[1]", "must be a JSON object"},
      {"{", "not valid JSON"},
      {R"({"strategy": "max"})", "max"},
      {R"({"use_mwmae_decoder": "false"})", "use_mwmae_decoder must be \"true\""},
      {R"({"in_channels": 3})", "in_channels must be 1, 2 or 7, not 3"},
      {R"({"sr": 16000})", "unknown key 'sr'"}};
  for (const auto& [json, expected] : bad) {
    HearModelOptions x;
    try {
      apply_kit_model_options(json, x);
      ADD_FAILURE() << json << " accepted";
    } catch (const gramt::Error& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << json << ": " << e.what();
    }
  }
  // The channel count the options promise must be the weights' own.
  HearModelOptions wrong = o;
  apply_kit_model_options(R"({"in_channels": 7})", wrong);
  try {
    HearClipEmbedder::open(wrong);
    ADD_FAILURE() << "a 2-channel model opened as 7-channel";
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("in_channels 7 but"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(HearClipEmbedder::open(o));
}

// Every file below `dir` but the profile (its time differs by run), relative path -> bytes, with
// `dir` itself (the event slugs name it, as the kit's do) written as "<dir>".
std::map<std::string, std::string> embedding_tree(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().filename() == "profile.embeddings.json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes(std::istreambuf_iterator<char>(in), {});
    for (size_t at = bytes.find(dir); at != std::string::npos; at = bytes.find(dir, at)) bytes.replace(at, dir.size(), "<dir>");
    files[fs::relative(entry.path(), dir).string()] = bytes;
  }
  return files;
}

// The files that differ between two trees (empty when equal), for a short failure message.
std::string differing_files(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b) {
  std::string out;
  for (const auto& [name, bytes] : a)
    if (!b.count(name) || b.at(name) != bytes) out += name + " ";
  for (const auto& [name, bytes] : b)
    if (!a.count(name)) out += name + "(only in the second) ";
  return out;
}

// Stops (cancels) after `calls` model calls, as a kill would stop it between two batches.
struct StoppingEmbedder : testing::FakeEmbedder {
  explicit StoppingEmbedder(int rate, int64_t stop_after) : FakeEmbedder(rate), stop_after_(stop_after) {}
  std::vector<ClipEmbedding> embed_many(const std::vector<audio::AudioBuffer>& clips, const std::vector<std::string>& names,
                                        const ProgressSink& progress) override {
    if (calls >= stop_after_) throw Cancelled();
    return FakeEmbedder::embed_many(clips, names, progress);
  }
  int64_t stop_after_;
};

// Stopped part-way through a task, the next run embeds only the clips still missing, and the
// folder is the one an uninterrupted run makes.
TEST(EmbeddingRunner, AnInterruptedTaskResumesFromItsFirstMissingClip) {
  ScratchFolder dir("embed-resume-within");
  testing::make_scene_task(dir.file("tasks/scene"), 16000);
  testing::make_event_task(dir.file("tasks/event"), 16000);
  EmbedTasksParams p = params_for(dir);
  p.batch_clips = 2;
  p.manifest = {{"weights_sha256", "aaaa"}, {"precision", "fp32"}};
  testing::FakeEmbedder whole(16000);
  p.embeddings_dir = dir.file("whole");
  embed_tasks(whole, p, {});

  p.embeddings_dir = dir.file("resumed");
  StoppingEmbedder stopping(16000, 2);  // two of the scene task's three batches
  EXPECT_THROW(embed_tasks(stopping, p, {}), Cancelled);
  EXPECT_FALSE(fs::exists(dir.file("resumed/fake-strategy=raw/event"))) << "not complete, not in place";
  EXPECT_TRUE(fs::exists(dir.file("resumed/fake-strategy=raw/.event.partial")) ||
              fs::exists(dir.file("resumed/fake-strategy=raw/.scene.partial")));
  testing::FakeEmbedder rest(16000);
  const EmbedTasksSummary resumed = embed_tasks(rest, p, {});
  ASSERT_EQ(resumed.tasks.size(), 2u);
  EXPECT_EQ(resumed.tasks[0].status, TaskEmbedStatus::embedded) << resumed.tasks[0].error;
  EXPECT_EQ(resumed.tasks[0].files_reused, 4) << "the first two batches were kept";
  EXPECT_EQ(rest.clips_seen, 6 + 2) << "the event task whole and the scene task's last batch";
  for (const std::string task : {"event", "scene"})
    EXPECT_EQ(differing_files(embedding_tree(dir.file("whole/fake-strategy=raw/" + task)),
                              embedding_tree(dir.file("resumed/fake-strategy=raw/" + task))), "")
        << task;
  for (const auto& entry : fs::directory_iterator(dir.file("resumed/fake-strategy=raw")))
    EXPECT_NE(entry.path().filename().string()[0], '.') << "working folder left behind: " << entry.path();
}

// An unfinished task made with other weights is never mixed with this run's embeddings.
TEST(EmbeddingRunner, AResumeWithAnotherModelIsRefusedByNameOrStartedOver) {
  ScratchFolder dir("embed-manifest");
  testing::make_scene_task(dir.file("tasks/scene"), 16000);
  EmbedTasksParams p = params_for(dir);
  p.batch_clips = 2;
  p.manifest = {{"weights_sha256", "aaaa"}, {"precision", "fp32"}};
  StoppingEmbedder stopping(16000, 1);
  EXPECT_THROW(embed_tasks(stopping, p, {}), Cancelled);
  p.manifest["weights_sha256"] = "bbbb";
  testing::FakeEmbedder other(16000);
  const EmbedTasksSummary refused = embed_tasks(other, p, {});
  ASSERT_EQ(refused.tasks[0].status, TaskEmbedStatus::failed);
  EXPECT_NE(refused.tasks[0].error.find("weights_sha256 bbbb (it was aaaa)"), std::string::npos) << refused.tasks[0].error;
  EXPECT_NE(refused.tasks[0].error.find("--force"), std::string::npos) << refused.tasks[0].error;
  EXPECT_EQ(other.calls, 0);
  p.force = true;
  const EmbedTasksSummary over = embed_tasks(other, p, {});
  EXPECT_EQ(over.tasks[0].status, TaskEmbedStatus::embedded);
  EXPECT_EQ(over.tasks[0].files_reused, 0);
  EXPECT_EQ(other.clips_seen, 6);
}

// Two shards of one task, then the last one assembles: the same folder as one process.
TEST(EmbeddingRunner, ShardsTogetherGiveTheSingleProcessFolder) {
  ScratchFolder dir("embed-shards");
  testing::make_scene_task(dir.file("tasks/scene"), 16000);
  testing::make_event_task(dir.file("tasks/event"), 16000);
  EmbedTasksParams p = params_for(dir);
  p.batch_clips = 1;
  p.embeddings_dir = dir.file("one");
  testing::FakeEmbedder one(16000);
  embed_tasks(one, p, {});

  p.embeddings_dir = dir.file("two");
  p.shard_count = 2;
  p.shard_index = 1;
  testing::FakeEmbedder second(16000);
  const EmbedTasksSummary half = embed_tasks(second, p, {});
  for (const auto& t : half.tasks) {
    EXPECT_EQ(t.status, TaskEmbedStatus::shard_done) << t.task << " " << t.error;
    EXPECT_EQ(t.files_missing, 3) << t.task;
  }
  EXPECT_EQ(second.clips_seen, 6);
  p.shard_index = 0;
  testing::FakeEmbedder first(16000);
  const EmbedTasksSummary last = embed_tasks(first, p, {});
  for (const auto& t : last.tasks) EXPECT_EQ(t.status, TaskEmbedStatus::embedded) << t.task << " " << t.error;
  EXPECT_EQ(first.clips_seen, 6);
  for (const std::string task : {"event", "scene"})
    EXPECT_EQ(differing_files(embedding_tree(dir.file("one/fake-strategy=raw/" + task)),
                              embedding_tree(dir.file("two/fake-strategy=raw/" + task))), "")
        << task;

  // Merge only: nothing embedded, a task whose shards are not all done stays unassembled.
  p.embeddings_dir = dir.file("three");
  p.shard_index = 1;
  embed_tasks(second, p, {});
  p.merge_only = true;
  testing::FakeEmbedder none(16000);
  const EmbedTasksSummary waiting = embed_tasks(none, p, {});
  EXPECT_EQ(waiting.tasks[0].status, TaskEmbedStatus::shard_done);
  EXPECT_EQ(none.calls, 0);
}

// One shard is embedded by one process at a time: a second one is refused naming the holder.
TEST(EmbeddingRunner, TheSameShardTwiceAtOnceIsRefused) {
  ScratchFolder dir("embed-same-shard");
  testing::make_scene_task(dir.file("tasks/scene"), 16000);
  EmbedTasksParams p = params_for(dir);
  p.shard_count = 2;
  fs::create_directories(task_working_dir(p, "scene"));
  std::optional<FileLock> held = FileLock::try_acquire(task_working_dir(p, "scene") + "/.shard-0-of-2.lock");
  ASSERT_TRUE(held.has_value());
  testing::FakeEmbedder fake(16000);
  const EmbedTasksSummary refused = embed_tasks(fake, p, {});
  ASSERT_EQ(refused.tasks[0].status, TaskEmbedStatus::failed);
  EXPECT_NE(refused.tasks[0].error.find("shard 0/2 is being embedded by"), std::string::npos) << refused.tasks[0].error;
  EXPECT_EQ(fake.calls, 0);
  held.reset();
  EXPECT_EQ(embed_tasks(fake, p, {}).tasks[0].status, TaskEmbedStatus::shard_done);
}

TEST(EmbeddingRunner, ShardSpecsAreChecked) {
  EXPECT_EQ(parse_shard("0/1"), std::make_pair(0, 1));
  EXPECT_EQ(parse_shard("3/4"), std::make_pair(3, 4));
  for (const std::string bad : {"3/2", "0/0", "2/2", "-1/2", "1", "a/b", "1/", "/3"}) {
    try {
      parse_shard(bad);
      ADD_FAILURE() << bad << " accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("--shard '" + bad + "'"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace gramt::eval::tasks

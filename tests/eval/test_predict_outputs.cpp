// What a prediction run leaves behind besides the scores: <fold>.predictions.pkl read back with the
// project's allow-list pickle reader, the --random-probe control's own files, and a grid point
// that predicts NaN marked failed while the task goes on.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/eval/predict/tensor_pickle.h"
#include "core/eval/predict/task_prediction.h"
#include "core/io/npy.h"
#include "core/io/pickle_reader.h"
#include "tests/eval/predict_test_support.h"

namespace gramt::eval::predict {
namespace {

namespace fs = std::filesystem;
using io::PickleRef;
using io::PickleValue;
using testing::TempFolder;

const std::set<std::string> kTensorGlobals{"torch._utils._rebuild_tensor_v2", "torch.storage._load_from_bytes",
                                           "collections.OrderedDict"};

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The kits' JSON writes NaN bare (a failed grid point's validation score); read it as null.
nlohmann::json read_json(const std::string& path) {
  std::string text = read_all(path);
  for (size_t at = text.find(": NaN"); at != std::string::npos; at = text.find(": NaN", at)) text.replace(at, 5, ": null");
  return nlohmann::json::parse(text);
}

struct DecodedTensor {
  std::vector<int64_t> sizes;
  std::string storage_type;  // e.g. "torch.FloatStorage"
  std::string data;          // the storage's bytes
};

// A pickled tensor: _rebuild_tensor_v2(_load_from_bytes(blob), offset, sizes, strides, ...). The
// blob is torch.save's legacy file: pickles (magic, version, sys info, the storage's persistent id,
// keys), then int64 element count and the bytes; the persistent id is read with the reader too.
DecodedTensor decode_tensor(PickleRef value, size_t element_size) {
  EXPECT_EQ(value->kind, PickleValue::Kind::Call);
  EXPECT_EQ(value->text, "torch._utils._rebuild_tensor_v2");
  DecodedTensor out;
  if (value->items.size() != 6) return out;
  const PickleRef storage = value->items[0];
  EXPECT_EQ(storage->text, "torch.storage._load_from_bytes");
  for (PickleRef s : value->items[2]->items) out.sizes.push_back(s->integer);
  int64_t numel = 1;
  for (int64_t s : out.sizes) numel *= s;
  const std::string& blob = storage->items.at(0)->text;
  const size_t nbytes = static_cast<size_t>(numel) * element_size;
  EXPECT_GE(blob.size(), nbytes + 8);
  int64_t count = 0;
  std::memcpy(&count, blob.data() + blob.size() - nbytes - 8, 8);
  EXPECT_EQ(count, numel);
  out.data = blob.substr(blob.size() - nbytes);
  // The fourth pickle is the persistent id; find it after the third STOP of the header pickles.
  const std::string magic("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.", 15);
  EXPECT_EQ(blob.substr(0, magic.size()), magic);
  const size_t id_start = blob.find(std::string("\x80\x02(X\x07\x00\x00\x00storage", 15));
  EXPECT_NE(id_start, std::string::npos);
  const size_t id_end = blob.find("Q.", id_start);
  // The reader takes the id as a tuple once BINPERSID is dropped (it has no persistent_load).
  const std::string id_pickle = blob.substr(id_start, id_end - id_start) + ".";
  const io::PickleDocument id = io::read_pickle(id_pickle, "persistent id", {"torch.FloatStorage", "torch.DoubleStorage",
                                                                             "torch.LongStorage"});
  EXPECT_EQ(id.root->items.size(), 6u);
  if (id.root->items.size() == 6) {
    out.storage_type = id.root->items[1]->text;
    EXPECT_EQ(id.root->items[4]->integer, numel);
  }
  return out;
}

std::vector<float> floats_of(const DecodedTensor& t) {
  std::vector<float> v(t.data.size() / 4);
  std::memcpy(v.data(), t.data.data(), v.size() * 4);
  return v;
}

TEST(PickleWriter, PlainValuesAndTensorsReadBack) {
  io::PickleWriter w(3);
  w.begin_dict();
  w.text("values");
  w.json(nlohmann::ordered_json::parse(R"({"a": [1, -2, 3000000000, 1.5, "x", true, null]})"));
  w.text("matrix");
  write_tensor(w, torch::tensor({{1.0f, 2.0f, 3.0f}, {4.0f, 5.0f, 6.0f}}));
  w.text("stamps");
  write_tensor(w, torch::tensor({0.0, 50.0}, torch::kFloat64));
  w.end_dict();
  const io::PickleDocument doc = io::read_pickle(w.finish(), "test", kTensorGlobals);
  const PickleRef values = doc.root->get("values")->get("a");
  ASSERT_EQ(values->items.size(), 7u);
  EXPECT_EQ(values->items[1]->integer, -2);
  EXPECT_EQ(values->items[2]->integer, 3000000000LL);
  EXPECT_EQ(values->items[3]->number, 1.5);
  EXPECT_EQ(values->items[4]->text, "x");
  EXPECT_TRUE(values->items[5]->boolean);
  EXPECT_EQ(values->items[6]->kind, PickleValue::Kind::None);
  const DecodedTensor matrix = decode_tensor(doc.root->get("matrix"), 4);
  EXPECT_EQ(matrix.sizes, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(matrix.storage_type, "torch.FloatStorage");
  EXPECT_EQ(floats_of(matrix), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  const DecodedTensor stamps = decode_tensor(doc.root->get("stamps"), 8);
  EXPECT_EQ(stamps.storage_type, "torch.DoubleStorage");
  double second = 0;
  std::memcpy(&second, stamps.data.data() + 8, 8);
  EXPECT_EQ(second, 50.0);
}

TEST(PickleWriter, UnbalancedContainersAreAnError) {
  io::PickleWriter w(3);
  w.begin_list();
  EXPECT_THROW(w.end_dict(), Error);
  EXPECT_THROW(w.finish(), Error);
}

PredictParams test_params(int64_t points = 2) {
  PredictParams p;
  p.grid = GridName::faster;
  p.grid_points = points;
  p.threads_per_worker = 1;
  return p;
}

std::vector<std::string> leftovers(const std::string& dir) {  // temporary files of atomic writes
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".tmp") != std::string::npos || name[0] == '.') out.push_back(name);
  }
  return out;
}

TEST(PredictionsPickle, SceneTaskFoldsHoldTheTestOutputs) {
  TempFolder dir("pickle-scene");
  testing::write_separable_scene_task(dir.path(), "new_split_kfold", 40, 6, 3, 3);
  const TaskPredictionResult result = predict_task(dir.path(), test_params(), {});
  ASSERT_EQ(result.fold_predictions.size(), 3u);
  for (const FoldPredictions& fold : result.fold_predictions) {
    const std::string path = dir.file(fold.key + ".predictions.pkl");
    ASSERT_TRUE(fs::exists(path)) << path;
    const io::PickleDocument doc = io::read_pickle(read_all(path), path, kTensorGlobals);
    ASSERT_EQ(doc.root->kind, PickleValue::Kind::Dict);
    ASSERT_EQ(doc.root->entries.size(), 3u);  // target, prediction, prediction_logit
    const DecodedTensor prediction = decode_tensor(doc.root->get("prediction"), 4);
    EXPECT_EQ(prediction.sizes, (std::vector<int64_t>{40, 3}));
    const torch::Tensor expected = fold.predictions.contiguous();
    ASSERT_EQ(prediction.data.size(), static_cast<size_t>(expected.numel()) * 4);
    EXPECT_EQ(std::memcmp(prediction.data.data(), expected.data_ptr<float>(), prediction.data.size()), 0);
    const DecodedTensor target = decode_tensor(doc.root->get("target"), 4);
    const std::vector<float> targets = floats_of(target);
    for (size_t r = 0; r < 40; ++r) EXPECT_EQ(targets[r * 3] + targets[r * 3 + 1] + targets[r * 3 + 2], 1.0f);
    EXPECT_EQ(decode_tensor(doc.root->get("prediction_logit"), 4).sizes, (std::vector<int64_t>{40, 3}));
  }
  EXPECT_TRUE(leftovers(dir.path()).empty());
}

TEST(PredictionsPickle, AccdoaTaskHoldsFrameDirections) {
  TempFolder dir("pickle-accdoa");
  testing::write_accdoa_task(dir.path(), 3, 30);
  const TaskPredictionResult result = predict_task(dir.path(), test_params(1), {});
  const std::string path = dir.file("test.predictions.pkl");
  const io::PickleDocument doc = io::read_pickle(read_all(path), path, kTensorGlobals);
  for (const char* key : {"target", "prediction", "target_events", "predicted_events", "timestamp"}) {
    EXPECT_NE(doc.root->get(key), nullptr) << key;
  }
  EXPECT_EQ(doc.root->get("prediction_logit"), nullptr);
  EXPECT_EQ(decode_tensor(doc.root->get("target"), 4).sizes, (std::vector<int64_t>{90, 2, 3}));
  EXPECT_EQ(decode_tensor(doc.root->get("timestamp"), 8).sizes, (std::vector<int64_t>{90}));
  // target_events: file -> {frame -> [[class, 0, azimuth, elevation], ...]}, from the split JSON.
  const nlohmann::json split = read_json(dir.file("test.json"));
  const PickleRef events = doc.root->get("target_events");
  ASSERT_EQ(events->entries.size(), 3u);
  const PickleRef first_file = events->entries[0].second;
  const std::string file = events->entries[0].first->text;
  const auto& bell = split[file][0];
  const int64_t first_bell_frame = static_cast<int64_t>(bell["start"].get<double>() / 100.0);
  bool found = false;
  for (const auto& [frame, list] : first_file->entries) {
    if (frame->integer != first_bell_frame) continue;
    found = true;
    ASSERT_GE(list->items.size(), 1u);
    const PickleRef entry = list->items[0];
    ASSERT_EQ(entry->items.size(), 4u);
    EXPECT_EQ(entry->items[0]->integer, 0);  // bell
    EXPECT_EQ(entry->items[2]->number, bell["direction"][0].get<double>());
  }
  EXPECT_TRUE(found) << "frame " << first_bell_frame << " of " << file;
  // predicted_events: every test file, entries [class, 0, x, y, z, 0].
  EXPECT_EQ(doc.root->get("predicted_events")->entries.size(), 3u);
  (void)result;
}

void set_param_grid(const TempFolder& dir, const nlohmann::json& grid) {
  nlohmann::json metadata = read_json(dir.file("task_metadata.json"));
  metadata["evaluation_params"] = {{"task_specific_param_grid", grid}};
  testing::write_text(dir.file("task_metadata.json"), metadata.dump());
}

// Multiplies every split's embeddings by `factor` (large features make a huge step overflow).
void scale_embeddings(const TempFolder& dir, const std::vector<std::string>& splits, float factor) {
  for (const std::string& split : splits) {
    const std::string path = dir.file(split + ".embeddings.npy");
    std::string raw = read_all(path);
    auto* values = reinterpret_cast<float*>(raw.data());
    for (size_t i = 0; i < raw.size() / 4; ++i) values[i] *= factor;
    testing::write_text(path, raw);
  }
}

TEST(RandomProbe, WritesItsOwnFilesAndLearnsNothing) {
  TempFolder dir("random-probe");
  testing::write_separable_scene_task(dir.path(), "trainvaltest", 60, 6, 3);
  set_param_grid(dir, {{"lr", {1e-2}}, {"patience", {3}}});
  const TaskPredictionResult real = predict_task(dir.path(), test_params(), {});
  EXPECT_GT(real.headline_test_score, 0.9);
  const std::string real_scores = read_all(dir.file("test.predicted-scores.json"));

  PredictParams params = test_params();
  params.random_probe = true;
  const TaskPredictionResult probe = predict_task(dir.path(), params, {});
  EXPECT_LT(probe.headline_test_score, 0.7);  // random targets: near chance (1/3) on separable classes
  EXPECT_EQ(probe.scores_path, dir.file("test.predicted-scores-random.json"));
  EXPECT_TRUE(read_json(probe.scores_path)["grid_search"]["random_probe"].get<bool>());
  EXPECT_TRUE(fs::exists(dir.file("prediction-done-random.json")));
  EXPECT_TRUE(fs::exists(dir.file("test.predictions-random.pkl")));
  EXPECT_EQ(read_all(dir.file("test.predicted-scores.json")), real_scores);  // the real run's file is untouched
  // 50 epochs, no early stopping.
  for (const GridPointSummary& point : probe.grid_points) EXPECT_EQ(point.epochs_trained, 50);
}

// Per-file embeddings name the scene rows (scene_row_files.h).
void write_per_file_embeddings(const std::string& task_dir, const std::string& split) {
  const nlohmann::json labels = read_json((fs::path(task_dir) / (split + ".json")).string());
  const nlohmann::json dims = read_json((fs::path(task_dir) / (split + ".embedding-dimensions.json")).string());
  const int64_t width = dims[1].get<int64_t>();
  const std::string raw = read_all((fs::path(task_dir) / (split + ".embeddings.npy")).string());
  fs::create_directories(fs::path(task_dir) / split);
  for (int64_t r = 0; r < dims[0].get<int64_t>(); ++r) {
    const std::string file = split + "_" + std::to_string(r) + ".wav";  // the fixture's row order
    ASSERT_TRUE(labels.contains(file));
    io::write_npy((fs::path(task_dir) / split / (file + ".embedding.npy")).string(),
                  reinterpret_cast<const float*>(raw.data()) + r * width, {width});
  }
}

TEST(NonFinitePrediction, GridPointFailsByNameAndTheTaskGoesOn) {
  TempFolder dir("non-finite");
  testing::write_separable_scene_task(dir.path(), "trainvaltest", 40, 6, 3);
  // Two grid points: Adam's first step with lr 3e37 moves every weight by 3e37, so a feature of
  // about 30 overflows the outputs to infinity.
  scale_embeddings(dir, {"train", "valid", "test"}, 10.0f);
  set_param_grid(dir, {{"lr", {1e-2, 3e37}},
                       {"hidden_layers", {0}},
                       {"hidden_dim", {64}},
                       {"batch_size", {8}},
                       {"max_epochs", {20}},
                       {"patience", {10}},
                       {"initialization", {"xavier_uniform_"}}});
  write_per_file_embeddings(dir.path(), "valid");
  std::vector<std::string> lines;
  PredictParams params = test_params();
  params.log = [&lines](const std::string& line) { lines.push_back(line); };
  const TaskPredictionResult result = predict_task(dir.path(), params, {});

  ASSERT_EQ(result.grid_points.size(), 2u);
  size_t failed = 2;
  for (size_t i = 0; i < 2; ++i)
    if (!result.grid_points[i].failure.empty()) failed = i;
  ASSERT_LT(failed, 2u) << "no grid point failed";
  EXPECT_NE(result.best_grid_point, failed);
  EXPECT_GT(result.headline_test_score, 0.9) << ::testing::PrintToString(lines);
  // One line names the grid point and the clip.
  const std::string point = "grid point " + std::to_string(failed + 1) + "/2";
  size_t matching = 0;
  for (const std::string& line : lines) {
    if (line.find(point) == std::string::npos || line.find("failed") == std::string::npos) continue;
    ++matching;
    EXPECT_NE(line.find("non-finite prediction"), std::string::npos) << line;
    EXPECT_NE(line.find("clip 'valid_"), std::string::npos) << line;
    EXPECT_NE(line.find("of split valid"), std::string::npos) << line;
  }
  EXPECT_EQ(matching, 1u);
  const nlohmann::json scores = read_json(dir.file("test.predicted-scores.json"));
  EXPECT_TRUE(scores["grid_search"]["points"][failed].contains("failed"));
  EXPECT_FALSE(scores["grid_search"]["points"][1 - failed].contains("failed"));
}

TEST(NonFinitePrediction, EveryGridPointFailingFailsTheTaskWithoutFiles) {
  TempFolder dir("all-non-finite");
  testing::write_event_task(dir.path(), 3, 40, 4);
  scale_embeddings(dir, {"train", "valid", "test"}, 20.0f);
  set_param_grid(dir, {{"lr", {3e37}}, {"hidden_layers", {0}}});
  std::string message;
  try {
    predict_task(dir.path(), test_params(), {});
  } catch (const Error& e) {
    message = e.what();
  }
  EXPECT_NE(message.find("every grid point failed"), std::string::npos) << message;
  EXPECT_NE(message.find("clip 'valid_"), std::string::npos) << message;  // event rows name file and time
  EXPECT_NE(message.find(" ms (row "), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir.file("test.predicted-scores.json")));
  EXPECT_FALSE(fs::exists(dir.file("prediction-done.json")));
  EXPECT_FALSE(fs::exists(dir.file("test.predictions.pkl")));
}

TEST(NonFinitePrediction, EmbeddingFileWithNaNIsRefusedNamingTheRow) {
  TempFolder dir("nan-embedding");
  testing::write_separable_scene_task(dir.path(), "trainvaltest", 20, 4, 2);
  const std::string path = dir.file("valid.embeddings.npy");
  std::string raw = read_all(path);
  const float nan = std::nanf("");
  std::memcpy(raw.data() + (5 * 4 + 2) * sizeof(float), &nan, sizeof(float));  // row 5, column 2
  testing::write_text(path, raw);
  std::string message;
  try {
    predict_task(dir.path(), test_params(), {});
  } catch (const Error& e) {
    message = e.what();
  }
  EXPECT_NE(message.find(path + ": row 5 (of 20) holds NaN"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir.file("test.predicted-scores.json")));
  EXPECT_FALSE(fs::exists(dir.file("prediction-done.json")));
}

}  // namespace
}  // namespace gramt::eval::predict

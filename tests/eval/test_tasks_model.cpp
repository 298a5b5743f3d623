// End to end with the real embedder: a tiny random-weight GRAM-T (the golden test model) embeds a
// hand-written scene task and event task; the folders have the model's width and timestamps and
// the predictor's reader accepts them.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/eval/predict/split_embeddings.h"
#include "core/eval/tasks/embed_tasks.h"
#include "core/eval/tasks/hear_clip_embedder.h"
#include "core/io/npy.h"
#include "tasks_test_support.h"

namespace gramt::eval::tasks {
namespace {

namespace fs = std::filesystem;

TEST(EmbedTasksWithModel, CheckpointTagsNameTheirRun) {
  HearModelOptions options;
  options.weights_path = "/data/runs/demo-a/checkpoints/step-00000150.safetensors";
  EXPECT_EQ(default_model_tag(options), "demo-a-step-00000150-strategy=raw");
  options.weights_path = "/data/models/step-00000150.safetensors";  // not in a run: the stem alone
  EXPECT_EQ(default_model_tag(options), "step-00000150-strategy=raw");
}

TEST(EmbedTasksWithModel, TinyGoldenModelWritesReadableFolders) {
  const std::string golden = std::string(GRAMT_TEST_DATA_DIR) + "/golden/frame";
  HearModelOptions options;
  options.weights_path = golden + "/weights.safetensors";
  options.config_path = golden + "/model.yaml";
  EXPECT_EQ(default_model_tag(options), "weights-strategy=raw");
  auto embedder = HearClipEmbedder::open(options);
  ASSERT_EQ(embedder->sample_rate(), 32000);

  testing::ScratchFolder dir("embed-model");
  testing::make_scene_task(dir.file("tasks/scene"), 32000);
  testing::make_event_task(dir.file("tasks/event"), 16000);  // no 32000/ folder: resampled
  EmbedTasksParams p;
  p.tasks_dir = dir.file("tasks");
  p.embeddings_dir = dir.file("embeddings");
  p.model_tag = default_model_tag(options);
  p.batch_clips = 4;
  const EmbedTasksSummary s = embed_tasks(*embedder, p, {});
  ASSERT_EQ(s.tasks.size(), 2u);
  for (const auto& t : s.tasks) ASSERT_EQ(t.status, TaskEmbedStatus::embedded) << t.task << ": " << t.error;
  EXPECT_EQ(s.tasks[0].warnings.size(), 1u);  // the event task was resampled

  const int width = embedder->embedder().timestamp_embedding_size();
  const std::string root = dir.file("embeddings/weights-strategy=raw");
  const predict::SplitEmbeddings scene = predict::load_split_embeddings(root + "/scene", "train", false);
  EXPECT_EQ(scene.rows(), 2);
  EXPECT_EQ(scene.embeddings.size(1), width);
  const predict::SplitEmbeddings event = predict::load_split_embeddings(root + "/event", "test", true);
  EXPECT_EQ(event.embeddings.size(1), width);
  const io::NpyArray frames = io::read_npy(root + "/event/test/test_0.wav.embedding.npy");
  ASSERT_EQ(frames.shape.size(), 2u);
  EXPECT_EQ(event.rows(), 2 * frames.shape[0]);
  EXPECT_GT(event.row_timestamps_ms.back(), 0.0);
}

}  // namespace
}  // namespace gramt::eval::tasks

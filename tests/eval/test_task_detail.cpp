// The per-task detail view's data, read from the kit files predict leaves in a task folder; what
// is missing becomes a note, never an exception.
#include <gtest/gtest.h>

#include <cmath>

#include "core/eval/benchmark/task_detail.h"
#include "tasks_test_support.h"

namespace gramt::eval::benchmark {
namespace {

using tasks::testing::ScratchFolder;
using tasks::testing::write_text_file;

bool any_note_contains(const TaskDetail& d, const std::string& text) {
  for (const std::string& n : d.notes)
    if (n.find(text) != std::string::npos) return true;
  return false;
}

TEST(TaskDetail, GridFoldsAndProtocolFromTheKitFiles) {
  ScratchFolder dir("detail");
  const std::string task = dir.file("model/mini_pitch-v1-small");
  write_text_file(task + "/task_metadata.json", R"({"task_name": "mini_pitch", "evaluation": ["pitch_acc", "chroma_acc"]})");
  write_text_file(task + "/test.predicted-scores.json", R"({
    "fold00": {"test_loss": 1.0, "test_score": 0.5, "test_pitch_acc": 0.5, "validation_score": 0.6, "epoch": 2},
    "fold01": {"test_loss": 1.0, "test_score": 0.7, "test_pitch_acc": 0.7, "validation_score": 0.6, "epoch": 5},
    "aggregated_scores": {"test_score_mean": 0.6, "test_score_std": 0.1414},
    "hparams": {"lr": 0.001, "hidden_layers": 1},
    "postprocessing": [],
    "score_mode": "max",
    "embedding_path": "x",
    "grid_search": {"grid": "faster", "kit": "listen", "grid_points": 2, "seed": 7, "device": "cpu", "best_grid_point": 1,
                    "points": [{"hparams": {"lr": 0.0001}, "validation_score": 0.4, "epoch": 9, "epochs_trained": 10},
                               {"hparams": {"lr": 0.001}, "validation_score": 0.6, "epoch": 2, "epochs_trained": 6}]}
})");
  write_text_file(task + "/seeds/seed-8.test.predicted-scores.json", "{}");
  const TaskDetail d = read_task_detail(task);
  EXPECT_EQ(d.task, "mini_pitch");
  EXPECT_EQ(d.primary_score, "pitch_acc");
  ASSERT_EQ(d.grid.size(), 2u);
  EXPECT_EQ(d.grid[0].params_json, R"({"lr":0.0001})");
  EXPECT_DOUBLE_EQ(d.grid[0].validation_score, 0.4);
  EXPECT_EQ(d.grid[0].epochs, 10);
  EXPECT_FALSE(d.grid[0].chosen);
  EXPECT_TRUE(d.grid[1].chosen);
  EXPECT_EQ(d.grid[1].best_epoch, 2);
  ASSERT_EQ(d.test_per_fold.size(), 2u);
  EXPECT_EQ(d.test_per_fold[0].first, "fold00");
  EXPECT_DOUBLE_EQ(d.test_per_fold[1].second, 0.7);
  EXPECT_NE(d.protocol_text.find("grid faster"), std::string::npos) << d.protocol_text;
  EXPECT_NE(d.protocol_text.find("seed 7"), std::string::npos) << d.protocol_text;
  EXPECT_NE(d.protocol_text.find("best: grid point 2"), std::string::npos) << d.protocol_text;
  EXPECT_EQ(d.scores_path, task + "/test.predicted-scores.json");
  EXPECT_TRUE(any_note_contains(d, "seed-8")) << (d.notes.empty() ? "" : d.notes[0]);
}

TEST(TaskDetail, MissingPiecesBecomeNotes) {
  ScratchFolder dir("detail-missing");
  const TaskDetail none = read_task_detail(dir.file("absent"));
  EXPECT_EQ(none.task, "absent");
  EXPECT_TRUE(any_note_contains(none, "no such task folder"));

  const std::string task = dir.file("embedded_only");
  write_text_file(task + "/task_metadata.json", R"({"task_name": "t", "evaluation": ["top1_acc"]})");
  const TaskDetail unpredicted = read_task_detail(task);
  EXPECT_EQ(unpredicted.primary_score, "top1_acc");
  EXPECT_TRUE(unpredicted.grid.empty());
  EXPECT_TRUE(any_note_contains(unpredicted, "predictions not run yet"));

  // A Python kit's file: no grid record; a garbled file: a note naming it.
  write_text_file(task + "/test.predicted-scores.json", R"({"test": {"test_score": 0.9}, "score_mode": "max"})");
  const TaskDetail python = read_task_detail(task);
  ASSERT_EQ(python.test_per_fold.size(), 1u);
  EXPECT_DOUBLE_EQ(python.test_per_fold[0].second, 0.9);
  EXPECT_TRUE(any_note_contains(python, "no grid search record"));
  // Python writes an infinite d' as a bare Infinity (not JSON): the file still reads, the rest intact.
  write_text_file(task + "/test.predicted-scores.json",
                  "{\"test\": {\"test_score\": 0.8, \"test_d_prime\": Infinity, \"test_x\": -Infinity, \"test_y\": NaN}}");
  const TaskDetail infinite = read_task_detail(task);
  ASSERT_EQ(infinite.test_per_fold.size(), 1u) << (infinite.notes.empty() ? "" : infinite.notes[0]);
  EXPECT_DOUBLE_EQ(infinite.test_per_fold[0].second, 0.8);
  EXPECT_FALSE(any_note_contains(infinite, "not valid JSON"));
  write_text_file(task + "/test.predicted-scores.json", R"({"test": {"test_sc)");
  const TaskDetail garbled = read_task_detail(task);
  EXPECT_TRUE(any_note_contains(garbled, "test.predicted-scores.json: not valid JSON"));
}

}  // namespace
}  // namespace gramt::eval::benchmark

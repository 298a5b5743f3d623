// The benchmark's baselines and bad-input guards: the log-mel features "model" (shapes, times,
// level differences between the ears, a refused sample rate), the architecture at its initial
// weights (the same weights a fresh run of the config starts from), and a task whose test split
// holds a class its training split lacks.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include <torch/torch.h>

#include "core/common/error.h"
#include "core/eval/benchmark/class_coverage.h"
#include "core/eval/format/python_json.h"
#include "core/eval/tasks/initial_weights_embedder.h"
#include "core/eval/tasks/logmel_clip_embedder.h"
#include "core/eval/tasks/task_folder.h"
#include "tasks_test_support.h"

namespace gramt::eval {
namespace {

using tasks::testing::ScratchFolder;

audio::AudioBuffer tone(int rate, double seconds, float left_gain, float right_gain) {
  audio::AudioBuffer clip;
  clip.sample_rate = rate;
  const auto n = static_cast<size_t>(rate * seconds);
  clip.channels.assign(2, std::vector<float>(n));
  for (size_t i = 0; i < n; ++i) {
    const float s = 0.3f * static_cast<float>(std::sin(2.0 * M_PI * 440.0 * static_cast<double>(i) / rate));
    clip.channels[0][i] = left_gain * s;
    clip.channels[1][i] = right_gain * s;
  }
  return clip;
}

TEST(LogMelBaseline, WindowStatisticsPerChannel) {
  tasks::LogMelClipEmbedder baseline;
  const auto out = baseline.embed_many({tone(32000, 1.0, 1.0f, 0.25f)}, {"tone"}, {});
  ASSERT_EQ(out.size(), 1u);
  const tasks::ClipEmbedding& e = out[0];
  // 1 s = 101 frames: windows of 24 every 8 frames -> 10; per channel 128 means + 128 stds.
  EXPECT_EQ(e.frames, 10);
  EXPECT_EQ(e.width, 2 * 2 * 128);
  EXPECT_EQ(e.timestamp_embeddings.size(), static_cast<size_t>(e.frames * e.width));
  ASSERT_EQ(e.timestamps_ms.size(), 10u);
  EXPECT_FLOAT_EQ(e.timestamps_ms[0], 120.0f);  // the first window's centre
  EXPECT_FLOAT_EQ(e.timestamps_ms[1] - e.timestamps_ms[0], 80.0f);
  ASSERT_EQ(e.scene.size(), 512u);
  // The 440-Hz band: the left ear is 12 dB louder, so its mean log-mel is log(16) higher.
  size_t loudest = 0;
  for (size_t b = 0; b < 128; ++b)
    if (e.scene[b] > e.scene[loudest]) loudest = b;
  EXPECT_NEAR(e.scene[loudest] - e.scene[256 + loudest], std::log(16.0f), 1e-2);
  // A steady tone: small deviations over time.
  EXPECT_LT(e.scene[128 + loudest], 0.5f);
}

TEST(LogMelBaseline, ClipShorterThanAWindowIsOneWindow) {
  tasks::LogMelClipEmbedder baseline;
  const auto out = baseline.embed_many({tone(32000, 0.05, 1.0f, 1.0f)}, {"short"}, {});
  EXPECT_EQ(out[0].frames, 1);
}

TEST(LogMelBaseline, RefusesAnotherSampleRateNamingTheClip) {
  tasks::LogMelClipEmbedder baseline;
  try {
    baseline.embed_many({tone(16000, 0.5, 1.0f, 1.0f)}, {"clip16k.wav"}, {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("clip16k.wav: 16000 Hz"), std::string::npos) << e.what();
  }
}

TEST(LogMelBaseline, TasksAtAnotherRateAreNamedBeforeAnyWork) {
  ScratchFolder dir("baseline-rate");
  tasks::testing::make_scene_task(dir.file("tasks/good"), 32000);
  tasks::testing::make_scene_task(dir.file("tasks/slow"), 16000);
  EXPECT_NO_THROW(tasks::require_tasks_at_rate(dir.file("tasks"), {"good"}, 32000, "the log-mel baseline"));
  try {
    tasks::require_tasks_at_rate(dir.file("tasks"), {}, 32000, "the log-mel baseline");
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("the log-mel baseline is defined at 32000 Hz"), std::string::npos) << what;
    EXPECT_NE(what.find("slow has audio at 16000 Hz"), std::string::npos) << what;
    EXPECT_EQ(what.find("good has"), std::string::npos) << what;
  }
}

TEST(InitialWeights, SameSeedSameWeightsOtherSeedOthers) {
  tasks::HearModelOptions options;
  options.config_path = std::string(GRAMT_TEST_DATA_DIR) + "/golden/frame/model.yaml";
  auto a = tasks::open_initial_weights(options, 7);
  auto b = tasks::open_initial_weights(options, 7);
  auto c = tasks::open_initial_weights(options, 8);
  const auto first = [](tasks::HearClipEmbedder& e) { return e.embedder().model()->parameters().front().clone(); };
  EXPECT_TRUE(torch::equal(first(*a), first(*b)));
  EXPECT_FALSE(torch::equal(first(*a), first(*c)));
  EXPECT_EQ(tasks::initial_weights_tag(options, 7), "initial-model-seed=7-strategy=raw");
  options.config_path = "/runs/demo/config.yaml";
  EXPECT_EQ(tasks::initial_weights_tag(options, 42), "initial-demo-seed=42-strategy=raw");
  options.config_path.clear();
  EXPECT_THROW(tasks::open_initial_weights(options, 1), Error);
}

TEST(ClassCoverage, TestClassMissingFromTrainIsNamed) {
  ScratchFolder dir("class-coverage");
  tasks::testing::make_scene_task(dir.file("scene"), 16000);
  EXPECT_EQ(benchmark::class_coverage_problem(tasks::read_task_folder(dir.file("scene"))), "");
  // Train now holds only "dog": "cat" in valid and test cannot be learned.
  tasks::testing::write_text_file(dir.file("scene/train.json"), R"({"train_0.wav": ["dog"], "train_1.wav": ["dog"]})");
  const std::string problem = benchmark::class_coverage_problem(tasks::read_task_folder(dir.file("scene")));
  EXPECT_NE(problem.find("class 'cat' is in split 'valid' but missing from 'train'"), std::string::npos) << problem;
}

// A kit scores file with an infinite d' is read back on resume (as null), strings untouched.
TEST(PythonJsonText, NonFiniteTokensBecomeNull) {
  EXPECT_EQ(format::python_json_nonfinite_as_null(R"({"d": Infinity, "e": -Infinity, "f": NaN, "s": "NaN \" Infinity"})"),
            R"({"d": null, "e": null, "f": null, "s": "NaN \" Infinity"})");
}

}  // namespace
}  // namespace gramt::eval

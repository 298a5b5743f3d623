// RunMetricsReader: incremental reading of a growing metrics.jsonl, resumed runs, bad lines, speed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/io/jsonl_writer.h"
#include "core/train/run_metrics.h"

namespace fs = std::filesystem;
using gramt::train::RunMetricsReader;

namespace {

class MetricsFile {
 public:
  explicit MetricsFile(const std::string& name)
      : dir_(fs::temp_directory_path() / ("gramt_run_metrics_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~MetricsFile() { fs::remove_all(dir_); }
  std::string path() const { return (dir_ / "metrics.jsonl").string(); }
  void append(const std::string& text) const { std::ofstream(path(), std::ios::app | std::ios::binary) << text; }
  void step(int64_t step, double loss) const {
    append("{\"event\":\"step\",\"step\":" + std::to_string(step) + ",\"time\":" + std::to_string(1000 + step) +
           ",\"loss\":" + std::to_string(loss) + ",\"lr\":0.001,\"crops_per_s\":50.5,\"data_wait\":0.02}\n");
  }

 private:
  fs::path dir_;
};

std::vector<int64_t> steps_of(const RunMetricsReader& r) {
  std::vector<int64_t> steps;
  for (const auto& p : r.points()) steps.push_back(p.step);
  return steps;
}

}  // namespace

TEST(RunMetrics, MissingFileIsEmptyAndUnchanged) {
  MetricsFile file("missing");
  RunMetricsReader reader(file.path());
  EXPECT_FALSE(reader.poll());
  EXPECT_TRUE(reader.points().empty());
  EXPECT_TRUE(std::isnan(reader.first_time()));
}

TEST(RunMetrics, PollReadsOnlyTheNewBytes) {
  MetricsFile file("incremental");
  for (int s = 1; s <= 3; ++s) file.step(s, 1.0 / s);
  RunMetricsReader reader(file.path());
  EXPECT_TRUE(reader.poll());
  EXPECT_EQ(steps_of(reader), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_DOUBLE_EQ(reader.first_time(), 1001);
  EXPECT_FALSE(reader.poll()) << "nothing new";

  // Spoil the first line in place (same size, same file): a reader that read everything again
  // would now warn about it or lose step 1.
  {
    std::fstream f(file.path(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(0);
    f << "@@@@@@@@@@";
  }
  file.step(4, 0.2);
  file.step(5, 0.1);
  EXPECT_TRUE(reader.poll());
  EXPECT_EQ(steps_of(reader), (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(reader.warnings().empty()) << reader.warnings()[0];
  EXPECT_DOUBLE_EQ(reader.points()[0].loss, 1.0);
  EXPECT_DOUBLE_EQ(reader.points()[4].loss, 0.1);
  EXPECT_DOUBLE_EQ(reader.points()[4].lr, 0.001);
  EXPECT_DOUBLE_EQ(reader.points()[4].crops_per_s, 50.5);
  EXPECT_DOUBLE_EQ(reader.points()[4].data_wait, 0.02);
  EXPECT_DOUBLE_EQ(reader.points()[4].time, 1005);
}

TEST(RunMetrics, AHalfWrittenLastLineIsNeverReturned) {
  MetricsFile file("half");
  file.step(1, 0.5);
  file.append("{\"event\":\"step\",\"step\":2,\"loss\":0.");
  RunMetricsReader reader(file.path());
  reader.poll();
  EXPECT_EQ(steps_of(reader), (std::vector<int64_t>{1}));
  EXPECT_TRUE(reader.warnings().empty()) << "an incomplete line is not an error";
  file.append("25}\n");
  EXPECT_TRUE(reader.poll());
  ASSERT_EQ(steps_of(reader), (std::vector<int64_t>{1, 2}));
  EXPECT_DOUBLE_EQ(reader.points()[1].loss, 0.25);
}

TEST(RunMetrics, AResumedRunReplaysStepsAndTheLastRecordWins) {
  MetricsFile file("resume");
  file.append("{\"event\":\"start\",\"step\":0,\"time\":999}\n");
  for (int s = 1; s <= 6; ++s) file.step(s, 1.0);
  file.append("{\"event\":\"checkpoint\",\"step\":4,\"message\":\"ckpt\"}\n");
  // Killed after step 6; resumed from the checkpoint at 4: steps 5 and 6 come again.
  file.append("{\"event\":\"resume\",\"step\":4,\"time\":2000}\n");
  for (int s = 5; s <= 8; ++s) file.step(s, 2.0);
  RunMetricsReader reader(file.path());
  reader.poll();
  EXPECT_EQ(steps_of(reader), (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_DOUBLE_EQ(reader.points()[3].loss, 1.0);
  EXPECT_DOUBLE_EQ(reader.points()[4].loss, 2.0) << "step 5 of the resumed segment wins";
  EXPECT_DOUBLE_EQ(reader.points()[5].loss, 2.0);
  EXPECT_EQ(reader.resume_steps(), (std::vector<int64_t>{5}));
  EXPECT_EQ(reader.checkpoint_event_steps(), (std::vector<int64_t>{4}));
  EXPECT_DOUBLE_EQ(reader.first_time(), 999);

  // A run that went backwards without writing an event is a resumed segment too.
  for (int s = 7; s <= 9; ++s) file.step(s, 3.0);
  reader.poll();
  EXPECT_EQ(reader.resume_steps(), (std::vector<int64_t>{5, 7}));
  EXPECT_EQ(reader.points().size(), 9u);
  EXPECT_DOUBLE_EQ(reader.points()[6].loss, 3.0);
}

TEST(RunMetrics, NullAndNonFiniteLossesComeThroughAsNanAndInf) {
  MetricsFile file("nonfinite");
  {
    gramt::io::JsonlWriter writer(file.path());  // writes NaN as null, as the trainer's logger does
    writer.append({{"event", "step"}, {"step", 1}, {"loss", std::nan("")}});
  }
  file.append("{\"event\":\"step\",\"step\":2,\"loss\":Infinity}\n");  // as Python's json writes it
  file.append("{\"event\":\"step\",\"step\":3,\"loss\":null,\"lr\":null}\n");
  RunMetricsReader reader(file.path());
  reader.poll();
  ASSERT_EQ(reader.points().size(), 3u);
  EXPECT_TRUE(std::isnan(reader.points()[0].loss));
  EXPECT_TRUE(std::isinf(reader.points()[1].loss));
  EXPECT_TRUE(std::isnan(reader.points()[2].loss));
  EXPECT_TRUE(std::isnan(reader.points()[2].lr));
  EXPECT_TRUE(reader.warnings().empty());
}

TEST(RunMetrics, GarbledLinesAreWarningsNotErrors) {
  MetricsFile file("garbled");
  file.step(1, 0.5);
  file.append("not json at all\n");
  file.append("[1, 2, 3]\n");
  file.append("{\"event\":\"step\",\"step\":\"two\"}\n");
  file.append("{\"event\":\"step\",\"step\":2,\"loss\":0.4,\"extra\":{\"nested\":[1,2]}}\n");  // valid, just unusual
  file.append("{\"event\":\"images\",\"step\":2}\n");
  RunMetricsReader reader(file.path());
  EXPECT_NO_THROW(reader.poll());
  EXPECT_EQ(steps_of(reader), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(reader.image_event_steps(), (std::vector<int64_t>{2}));
  ASSERT_EQ(reader.warnings().size(), 3u);
  EXPECT_EQ(reader.warnings()[0], "metrics.jsonl line 2: not JSON");
  EXPECT_EQ(reader.warnings()[1], "metrics.jsonl line 3: not a JSON object");
  EXPECT_NE(reader.warnings()[2].find("line 4"), std::string::npos) << reader.warnings()[2];

  for (int i = 0; i < 30; ++i) file.append("garbage\n");
  reader.poll();
  EXPECT_EQ(reader.warnings().size(), RunMetricsReader::kMaxWarnings);
  EXPECT_EQ(reader.bad_lines(), 33);
}

TEST(RunMetrics, AReplacedFileStartsOver) {
  MetricsFile file("replaced");
  for (int s = 1; s <= 5; ++s) file.step(s, 1.0);
  RunMetricsReader reader(file.path());
  reader.poll();
  fs::remove(file.path());
  file.step(1, 9.0);
  EXPECT_TRUE(reader.poll());
  ASSERT_EQ(steps_of(reader), (std::vector<int64_t>{1}));
  EXPECT_DOUBLE_EQ(reader.points()[0].loss, 9.0);
}

TEST(RunMetrics, AMillionLinesInWellUnderTwoSeconds) {
  MetricsFile file("million");
  constexpr int64_t kLines = 1000000;
  {
    std::string text;
    text.reserve(1 << 26);
    std::ofstream out(file.path(), std::ios::binary);
    for (int64_t s = 1; s <= kLines; ++s) {
      // As RunLogger writes them; a resume every 100000 steps replays the last 500.
      const int64_t step = s - 500 * (s / 100000);
      text += "{\"crops_per_s\":93.61486053466797,\"data_wait\":0.041234567891,\"event\":\"step\",\"loss\":0.";
      text += std::to_string(100000000 + s);
      text += ",\"lr\":0.00019999998,\"step\":" + std::to_string(step) +
              ",\"step_seconds\":0.17090487480163574,\"time\":1733467431.123456}\n";
      if (text.size() > (1 << 25)) out << text, text.clear();
    }
    out << text;
  }
  RunMetricsReader reader(file.path());
  const auto t0 = std::chrono::steady_clock::now();
  reader.poll();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_TRUE(reader.warnings().empty());
  EXPECT_EQ(reader.points().front().step, 1);
  EXPECT_EQ(static_cast<int64_t>(reader.points().size()), reader.points().back().step);
  EXPECT_EQ(reader.resume_steps().size(), 10u);
  std::printf("1,000,000 lines in %.2f s\n", seconds);
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(seconds, 1.5);
#endif
}

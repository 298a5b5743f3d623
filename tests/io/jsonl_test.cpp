// metrics.jsonl: writing, reading, a half-written last line, tailing a growing file.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/io/jsonl_reader.h"
#include "core/io/jsonl_writer.h"

namespace fs = std::filesystem;
using gramt::io::JsonlTail;
using gramt::io::JsonlWriter;
using gramt::io::read_jsonl_file;
using nlohmann::json;

namespace {

class TempFile {
 public:
  TempFile() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) / ("gramt_jsonl_" + std::string(info->name()));
    fs::remove_all(dir_);
  }
  ~TempFile() { fs::remove_all(dir_); }
  std::string path() const { return (dir_ / "run" / "metrics.jsonl").string(); }

 private:
  fs::path dir_;
};

void append_raw(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::app) << text;
}

}  // namespace

TEST(Jsonl, WritesOneObjectPerLine) {
  TempFile file;
  {
    JsonlWriter writer(file.path(), {0.0});
    for (int step = 1; step <= 3; ++step) writer.append({{"step", step}, {"loss", 1.0 / step}});
  }
  const auto contents = read_jsonl_file(file.path());
  EXPECT_FALSE(contents.incomplete_tail);
  ASSERT_EQ(contents.records.size(), 3u);
  EXPECT_EQ(contents.records[2]["step"], 3);
  EXPECT_DOUBLE_EQ(contents.records[1]["loss"].get<double>(), 0.5);
  std::ifstream in(file.path());
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) ++lines;
  EXPECT_EQ(lines, 3);
}

TEST(Jsonl, HalfWrittenLastLineIsSkippedThenRemoved) {
  TempFile file;
  {
    JsonlWriter writer(file.path());
    writer.append({{"step", 1}});
    writer.append({{"step", 2}});
  }
  append_raw(file.path(), "{\"step\": 3, \"lo");  // a writer killed mid-line
  const auto before = read_jsonl_file(file.path());
  EXPECT_TRUE(before.incomplete_tail);
  EXPECT_EQ(before.records.size(), 2u);

  JsonlWriter resumed(file.path());
  resumed.append({{"step", 3}});
  const auto after = read_jsonl_file(file.path());
  EXPECT_FALSE(after.incomplete_tail);
  ASSERT_EQ(after.records.size(), 3u);
  EXPECT_EQ(after.records[2], (json{{"step", 3}}));
}

TEST(Jsonl, BadCompleteLineNamesFileAndLine) {
  TempFile file;
  { JsonlWriter writer(file.path()); writer.append({{"step", 1}}); }
  append_raw(file.path(), "not json\n{\"step\": 3}\n");
  try {
    read_jsonl_file(file.path());
    FAIL() << "a malformed line went unnoticed";
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("metrics.jsonl:2:"), std::string::npos) << e.what();
  }
}

TEST(Jsonl, NonFiniteBecomesNullAndNonObjectsAreRefused) {
  TempFile file;
  JsonlWriter writer(file.path());
  writer.append({{"loss", std::nan("")}, {"name", "a\xff" "b"}});
  EXPECT_THROW(writer.append(json::array({1, 2})), gramt::Error);
  const auto contents = read_jsonl_file(file.path());
  ASSERT_EQ(contents.records.size(), 1u);
  EXPECT_TRUE(contents.records[0]["loss"].is_null());
  EXPECT_TRUE(contents.records[0]["name"].is_string());
}

TEST(Jsonl, MissingFileIsAnError) {
  EXPECT_THROW(read_jsonl_file("/nonexistent/metrics.jsonl"), gramt::Error);
}

TEST(Jsonl, TailReturnsOnlyCompletedLines) {
  TempFile file;
  JsonlTail tail(file.path());
  EXPECT_TRUE(tail.poll().empty());  // no file yet
  JsonlWriter writer(file.path());
  writer.append({{"step", 1}});
  auto got = tail.poll();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["step"], 1);
  EXPECT_TRUE(tail.poll().empty());

  append_raw(file.path(), "{\"step\": 2");
  EXPECT_TRUE(tail.poll().empty());  // incomplete: wait for the rest
  append_raw(file.path(), "}\n{\"step\": 3}\n");
  got = tail.poll();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1]["step"], 3);
  EXPECT_FALSE(tail.restarted());

  // A new run replaces the file: reading starts over.
  fs::remove(file.path());
  { JsonlWriter fresh(file.path()); fresh.append({{"step", 100}}); }
  got = tail.poll();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["step"], 100);
  EXPECT_TRUE(tail.restarted());
}

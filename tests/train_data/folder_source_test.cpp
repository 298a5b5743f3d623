#include <gtest/gtest.h>

#include <cmath>

#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/data/folder_source.h"
#include "fixtures.h"

namespace fs = std::filesystem;
using namespace gramt::data;
using gramt::test::fresh_dir;
using gramt::test::tone;

TEST(FolderSource, FindsNestedAudioInSortedOrder) {
  const auto dir = fresh_dir("folder_nested");
  gramt::audio::write_wav((dir / "b" / "2.wav").string(), tone(16000, 1, 0.1, 440));
  gramt::audio::write_wav((dir / "c.wav").string(), tone(16000, 1, 0.1, 440));
  gramt::audio::write_wav((dir / "a" / "sub" / "0.wav").string(), tone(16000, 1, 0.1, 440));
  gramt::test::write_bytes(dir / "a" / "1.FLAC", gramt::test::encode_audio(tone(16000, 1, 0.1, 440), "flac"));
  gramt::test::write_bytes(dir / "notes.txt", "not audio");
  gramt::audio::write_wav((dir / ".hidden.wav").string(), tone(16000, 1, 0.1, 440));
  gramt::audio::write_wav((dir / ".cache" / "x.wav").string(), tone(16000, 1, 0.1, 440));

  FolderSource source(dir.string());
  const std::vector<std::string> expected{(dir / "a/1.FLAC").string(), (dir / "a/sub/0.wav").string(),
                                          (dir / "b/2.wav").string(), (dir / "c.wav").string()};
  EXPECT_EQ(source.paths(), expected);
  std::vector<std::string> order;
  while (auto record = source.next_record()) order.push_back(record->path);
  EXPECT_EQ(order, expected);
  source.start_epoch(1);
  ASSERT_TRUE(source.next_record().has_value());
}

TEST(FolderSource, CorruptFileIsSkippedWithWarningAndCount) {
  const auto dir = fresh_dir("folder_corrupt");
  gramt::audio::write_wav((dir / "1.wav").string(), tone(32000, 1, 0.1, 440));
  gramt::test::write_bytes(dir / "2_bad.wav", "RIFF....WAVEfmt garbage that is not audio");
  gramt::audio::write_wav((dir / "3.wav").string(), tone(32000, 1, 0.1, 440));
  std::vector<std::string> warnings;
  SkipLog skips([&](const std::string& message) { warnings.push_back(message); });
  FolderSource source(dir.string());
  std::vector<std::string> names;
  while (auto item = next_item(source, 32000, skips)) names.push_back(fs::path(item->name).filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"1.wav", "3.wav"}));
  EXPECT_EQ(skips.count(), 1);
  ASSERT_EQ(skips.items().size(), 1u);
  EXPECT_NE(skips.items()[0].name.find("2_bad.wav"), std::string::npos);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("2_bad.wav"), std::string::npos);
}

TEST(FolderSource, ItemsAreChannelZeroAtTheTargetRate) {
  const auto dir = fresh_dir("folder_rate");
  auto stereo = tone(16000, 2, 0.5, 300);
  std::fill(stereo.channels[1].begin(), stereo.channels[1].end(), 0.9f);  // channel 1 must not leak in
  gramt::audio::write_wav((dir / "x.wav").string(), stereo);
  FolderSource source(dir.string());
  SkipLog skips;
  const auto item = next_item(source, 32000, skips);
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->sample_rate, 32000);
  EXPECT_NEAR(static_cast<double>(item->samples.size()), 16000.0, 2.0);
  double mean = 0;
  for (float v : item->samples) mean += v;
  EXPECT_NEAR(mean / item->samples.size(), 0.0, 0.01);
}

TEST(FolderSource, MissingEmptyOrNonFolderIsAnError) {
  const auto dir = fresh_dir("folder_errors");
  EXPECT_THROW(FolderSource((dir / "nope").string()), gramt::Error);
  gramt::test::write_bytes(dir / "empty" / "readme.txt", "no audio here");
  try {
    FolderSource source((dir / "empty").string());
    FAIL() << "an empty data set must be refused";
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("no audio"), std::string::npos) << e.what();
  }
  EXPECT_THROW(FolderSource((dir / "empty" / "readme.txt").string()), gramt::Error);
}

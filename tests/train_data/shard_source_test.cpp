#include <gtest/gtest.h>

#include <sys/resource.h>

#include <algorithm>
#include <numeric>

#include "core/common/error.h"
#include "core/data/shard_source.h"
#include "core/data/shuffle_buffer.h"
#include "fixtures.h"

namespace fs = std::filesystem;
using namespace gramt::data;
using gramt::test::encode_audio;
using gramt::test::fresh_dir;
using gramt::test::tone;
using gramt::test::write_tar;

namespace {

// One shard with: flac + json, wav only, json only (no audio), a corrupt flac, a nested key.
fs::path write_mixed_shard(const fs::path& dir) {
  const auto flac = encode_audio(tone(16000, 2, 0.2, 440), "flac");
  const auto wav = encode_audio(tone(32000, 1, 0.2, 220), "wav");
  const auto path = dir / "mixed.tar";
  write_tar(path, {{"k1.flac", flac},
                   {"k1.json", R"({"labels": ["/m/09x0r"]})"},
                   {"k2.wav", wav},
                   {"k3.json", "{}"},
                   {"k4.flac", "fLaC but then nothing sensible"},
                   {"sub/k5.flac", flac}});
  return path;
}

std::vector<std::string> keys_of(ShardSource& source) {
  std::vector<std::string> keys;
  while (auto record = source.next_record()) keys.push_back(record->name);
  return keys;
}

std::vector<std::string> write_numbered_shards(const fs::path& dir, int shards, int per_shard) {
  const auto wav = encode_audio(tone(32000, 1, 0.05, 440), "wav");
  std::vector<std::string> all;
  for (int s = 0; s < shards; ++s) {
    std::vector<std::pair<std::string, std::string>> members;
    for (int i = 0; i < per_shard; ++i) {
      const std::string key = "s" + std::to_string(s) + "_" + std::to_string(i);
      members.push_back({key + ".wav", wav});
      all.push_back("part0" + std::to_string(s) + ".tar:" + key);
    }
    write_tar(dir / ("part0" + std::to_string(s) + ".tar"), members);
  }
  return all;
}

}  // namespace

TEST(TarShardReader, SplitsMemberNamesAtTheFirstDotOfTheFileName) {
  EXPECT_EQ(split_member_name("a/x.flac"), (std::pair<std::string, std::string>{"a/x", "flac"}));
  EXPECT_EQ(split_member_name("d.v1/x.seg.WAV"), (std::pair<std::string, std::string>{"d.v1/x", "seg.wav"}));
  EXPECT_EQ(split_member_name("noext"), (std::pair<std::string, std::string>{"noext", ""}));
}

TEST(TarShardReader, GroupsAdjacentMembersByKey) {
  const auto path = write_mixed_shard(fresh_dir("tar_groups"));
  TarShardReader reader(path.string());
  std::vector<std::string> keys;
  std::vector<size_t> member_counts;
  while (auto sample = reader.next()) {
    keys.push_back(sample->key);
    member_counts.push_back(sample->members.size());
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"k1", "k2", "k3", "k4", "sub/k5"}));
  EXPECT_EQ(member_counts, (std::vector<size_t>{2, 1, 1, 1, 1}));
}

TEST(ShardSource, StreamsAudioWithMetadataAndSkipsBadSamples) {
  const auto dir = fresh_dir("shard_stream");
  write_mixed_shard(dir);
  ShardSourceParams params;
  params.patterns = {(dir / "mixed.tar").string()};
  params.shuffle_buffer = 1;
  params.shuffle_shards = false;
  auto skips = std::make_shared<SkipLog>([](const std::string&) {});
  ShardSource source(params, skips);

  std::vector<AudioItem> items;
  while (auto item = next_item(source, 32000, *skips)) items.push_back(*item);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].name, "mixed.tar:k1");
  EXPECT_EQ(items[0].metadata, R"({"labels": ["/m/09x0r"]})");
  EXPECT_NEAR(static_cast<double>(items[0].samples.size()), 6400.0, 2.0);  // 0.2 s at 16 kHz → 32 kHz
  EXPECT_EQ(items[1].name, "mixed.tar:k2");
  EXPECT_EQ(items[1].metadata, "");
  EXPECT_EQ(items[2].name, "mixed.tar:sub/k5");

  // k3 has no audio member, k4's flac does not decode.
  EXPECT_EQ(skips->count(), 2);
  std::vector<std::string> skipped;
  for (const auto& s : skips->items()) skipped.push_back(s.name);
  EXPECT_EQ(skipped, (std::vector<std::string>{"mixed.tar:k3", "mixed.tar:k4"}));
}

TEST(ShardSource, DamagedArchiveKeepsSamplesBeforeTheDamage) {
  const auto dir = fresh_dir("shard_damaged");
  const auto wav = encode_audio(tone(32000, 1, 0.1, 440), "wav");
  write_tar(dir / "whole.tar", {{"a.wav", wav}, {"b.wav", wav}, {"c.wav", wav}});
  const auto bytes = gramt::test::read_bytes(dir / "whole.tar");
  // Cut inside the third member's data.
  gramt::test::write_bytes(dir / "cut.tar", bytes.substr(0, 2 * (512 + ((wav.size() + 511) / 512) * 512) + 700));
  ShardSourceParams params;
  params.patterns = {(dir / "cut.tar").string()};
  params.shuffle_buffer = 1;
  auto skips = std::make_shared<SkipLog>([](const std::string&) {});
  ShardSource source(params, skips);
  EXPECT_EQ(keys_of(source), (std::vector<std::string>{"cut.tar:a", "cut.tar:b"}));
  EXPECT_EQ(skips->count(), 1);
}

TEST(ShuffleBuffer, OutputIsAPermutationOfTheInput) {
  ShuffleBuffer<int> buffer(8, Rng(42));
  std::vector<int> out;
  for (int i = 0; i < 100; ++i) {
    buffer.push(i);
    if (buffer.full()) out.push_back(buffer.pop());
  }
  while (!buffer.empty()) out.push_back(buffer.pop());
  std::vector<int> sorted = out;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> identity(100);
  std::iota(identity.begin(), identity.end(), 0);
  EXPECT_EQ(sorted, identity);
  EXPECT_NE(out, identity);
}

TEST(ShardSource, ShuffledStreamIsAReproduciblePermutation) {
  const auto dir = fresh_dir("shard_shuffle");
  auto all = write_numbered_shards(dir, 3, 10);
  ShardSourceParams params;
  params.patterns = {(dir / "part{00..02}.tar").string()};
  params.shuffle_buffer = 6;
  params.seed = 7;
  ShardSource a(params), b(params);
  const auto order = keys_of(a);
  EXPECT_EQ(order, keys_of(b));
  auto sorted = order;
  std::sort(sorted.begin(), sorted.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(sorted, all);
  EXPECT_NE(order, all);
  a.start_epoch(1);
  EXPECT_NE(keys_of(a), order);  // a new pass, a new order
}

TEST(ShardSource, RanksReadDisjointSharesThatCoverEveryShard) {
  const auto dir = fresh_dir("shard_ranks");
  auto all = write_numbered_shards(dir, 3, 4);
  std::vector<std::string> seen;
  for (int rank = 0; rank < 2; ++rank) {
    ShardSourceParams params;
    params.patterns = {(dir / "part{00..02}.tar").string()};
    params.rank = rank;
    params.world_size = 2;
    params.seed = 3;
    ShardSource source(params);
    const auto keys = keys_of(source);
    EXPECT_FALSE(keys.empty());
    seen.insert(seen.end(), keys.begin(), keys.end());
  }
  std::sort(seen.begin(), seen.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(seen, all);
}

TEST(ShardSource, PatternWithoutAnyShardIsAnError) {
  const auto dir = fresh_dir("shard_missing");
  ShardSourceParams params;
  params.patterns = {(dir / "unbal_train{000..869}.tar").string()};
  try {
    ShardSource source(params);
    FAIL() << "no shard exists";
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("unbal_train{000..869}.tar"), std::string::npos) << e.what();
  }
  write_numbered_shards(dir, 1, 1);
  params.patterns = {(dir / "part{00..01}.tar").string()};  // part01 is missing: a warning, not an error
  auto skips = std::make_shared<SkipLog>([](const std::string&) {});
  ShardSource partial(params, skips);
  EXPECT_EQ(partial.shards().size(), 1u);
  EXPECT_EQ(skips->count(), 1);
  params.world_size = 2;
  EXPECT_THROW(ShardSource(params, skips), gramt::Error);  // one shard cannot feed two ranks
}

namespace {

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

// A member header claiming 1.5 GiB in front of a few bytes: an error naming the member, without
// first allocating (and zero-filling) what the header claims.
TEST(TarShardReader, LyingMemberSizeCostsNoMemory) {
  const auto dir = fresh_dir("shard_lying_size");
  write_tar(dir / "ok.tar", {{"a.wav", std::string(100, 'x')}});
  std::string bytes = gramt::test::read_bytes(dir / "ok.tar");
  bytes.replace(124, 11, "14000000000");  // size field: 11 octal digits, then NUL
  bytes[135] = '\0';
  std::fill(bytes.begin() + 148, bytes.begin() + 156, ' ');
  unsigned sum = 0;
  for (int i = 0; i < 512; ++i) sum += static_cast<unsigned char>(bytes[static_cast<size_t>(i)]);
  char checksum[8];
  std::snprintf(checksum, sizeof(checksum), "%06o", sum);
  bytes.replace(148, 7, std::string(checksum, 6) + '\0');
  gramt::test::write_bytes(dir / "lying.tar", bytes);
  const long before = peak_rss_kib();
  try {
    TarShardReader reader((dir / "lying.tar").string());
    reader.next();
    reader.next();
    FAIL() << "a 1.5 GiB member in a small file was accepted";
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("a.wav"), std::string::npos) << e.what();
  }
  EXPECT_LT(peak_rss_kib() - before, 256 * 1024) << "the claimed size was allocated";
}

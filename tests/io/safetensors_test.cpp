#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/io/safetensors.h"

namespace fs = std::filesystem;
using namespace gramt::io;

namespace {

fs::path temp_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("gramt_st_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

// A file with a hand-written header, to produce every kind of lie.
std::string write_raw(const fs::path& path, const std::string& header, size_t data_bytes, int64_t claimed_len = -1) {
  std::ofstream out(path, std::ios::binary);
  uint64_t n = claimed_len >= 0 ? static_cast<uint64_t>(claimed_len) : header.size();
  for (int i = 0; i < 8; ++i) out.put(static_cast<char>((n >> (8 * i)) & 0xff));
  out << header << std::string(data_bytes, '\0');
  return path.string();
}

std::string error_of(const std::string& path) {
  try {
    SafetensorsFile f(path);
  } catch (const gramt::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Safetensors, WriteThenReadBack) {
  const auto dir = temp_dir("rw");
  StTensorData a{"b.weight", StDType::F32, {2, 2}, {}};
  const float values[4] = {1, 2, 3, 4};
  a.bytes.assign(reinterpret_cast<const unsigned char*>(values), reinterpret_cast<const unsigned char*>(values) + 16);
  StTensorData idx{"a.index", StDType::I64, {3}, std::vector<unsigned char>(24, 0)};
  idx.bytes[8] = 7;
  write_safetensors((dir / "w.safetensors").string(), {a, idx}, {{"note", "hello"}});
  SafetensorsFile f((dir / "w.safetensors").string());
  ASSERT_EQ(f.tensors().size(), 2u);
  EXPECT_EQ(f.metadata().at("note"), "hello");
  const auto* w = f.find("b.weight");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->shape, (std::vector<int64_t>{2, 2}));
  float back[4];
  std::memcpy(back, w->data, 16);
  EXPECT_EQ(back[3], 4.0f);
  const auto* i = f.find("a.index");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->dtype, StDType::I64);
  EXPECT_EQ(i->data[8], 7);
  EXPECT_EQ(f.find("missing"), nullptr);
}

TEST(Safetensors, HeaderLengthBeyondFileIsRejected) {
  const auto dir = temp_dir("len");
  const auto p = write_raw(dir / "x.safetensors", "{}", 0, 1 << 20);
  const std::string e = error_of(p);
  EXPECT_NE(e.find("header length"), std::string::npos) << e;
  EXPECT_NE(e.find("x.safetensors"), std::string::npos) << e;
}

TEST(Safetensors, TooShortAndNotJsonAreRejected) {
  const auto dir = temp_dir("short");
  std::ofstream(dir / "short.safetensors") << "abc";
  EXPECT_NE(error_of((dir / "short.safetensors").string()).find("too short"), std::string::npos);
  const auto p = write_raw(dir / "j.safetensors", "{not json", 0);
  EXPECT_NE(error_of(p).find("not valid JSON"), std::string::npos);
}

TEST(Safetensors, LyingOffsetsAreRejected) {
  const auto dir = temp_dir("offsets");
  const auto p = write_raw(dir / "o.safetensors", R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", 8);
  const std::string e = error_of(p);
  EXPECT_NE(e.find("outside"), std::string::npos) << e;
  EXPECT_NE(e.find("'w'"), std::string::npos) << e;
}

TEST(Safetensors, ShapeDisagreeingWithByteCountIsRejected) {
  const auto dir = temp_dir("shape");
  const auto p = write_raw(dir / "s.safetensors", R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}})", 16);
  EXPECT_NE(error_of(p).find("need 12 bytes"), std::string::npos) << error_of(p);
}

TEST(Safetensors, OverlappingTensorsAndUnknownDtypeAreRejected) {
  const auto dir = temp_dir("overlap");
  const auto p = write_raw(dir / "ov.safetensors",
                           R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                           12);
  EXPECT_NE(error_of(p).find("overlap"), std::string::npos);
  const auto q = write_raw(dir / "d.safetensors", R"({"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}})", 8);
  EXPECT_NE(error_of(q).find("unsupported dtype"), std::string::npos);
}

TEST(Safetensors, MissingFileNamesThePath) {
  EXPECT_NE(error_of("/nonexistent/w.safetensors").find("/nonexistent/w.safetensors"), std::string::npos);
}

// The safetensors format has no holes: tensors cover the data section back to back. A duplicate
// key would let a later entry silently replace an earlier one.
TEST(Safetensors, GapsTrailingBytesAndDuplicateKeysAreRejected) {
  const auto dir = temp_dir("gaps");
  const auto gap = write_raw(dir / "g.safetensors",
                             R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                             12);
  EXPECT_NE(error_of(gap).find("gap of 4 bytes at data offset 4"), std::string::npos) << error_of(gap);
  const auto tail = write_raw(dir / "t.safetensors", R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", 10);
  EXPECT_NE(error_of(tail).find("6 data bytes after the last tensor"), std::string::npos) << error_of(tail);
  const auto dup = write_raw(dir / "d.safetensors",
                             R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                             8);
  EXPECT_NE(error_of(dup).find("'a' appears twice"), std::string::npos) << error_of(dup);
  // Nested objects may repeat keys of the top level ("dtype" in every entry) without complaint.
  const auto ok = write_raw(dir / "ok.safetensors",
                            R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[0],"data_offsets":[4,4]}})",
                            4);
  EXPECT_EQ(error_of(ok), "");
}

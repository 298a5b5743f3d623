#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/io/npy.h"

namespace fs = std::filesystem;
using gramt::io::read_npy;
using gramt::io::write_npy;

namespace {
fs::path temp_dir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("gramt_npy_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}
}  // namespace

TEST(Npy, RoundTripFloatKeepsShapeAndValues) {
  const auto dir = temp_dir("roundtrip");
  const std::vector<float> v{1.5f, -2.0f, 3.25f, 0.0f, 7.0f, 8.0f};
  write_npy((dir / "a.npy").string(), v, {2, 3});
  const auto a = read_npy((dir / "a.npy").string());
  EXPECT_EQ(a.dtype, "<f4");
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(a.to_float(), v);
  // The header is padded so that data starts on a 64-byte boundary, as numpy writes it.
  std::ifstream in(dir / "a.npy", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ((bytes.size() - v.size() * 4) % 64, 0u);
  EXPECT_EQ(bytes.substr(0, 6), "\x93NUMPY");
}

TEST(Npy, OneDimensionalShapeHasTrailingComma) {
  EXPECT_NE(gramt::io::npy_header("<f4", {5}).find("(5,)"), std::string::npos);
  EXPECT_NE(gramt::io::npy_header("<f4", {}).find("()"), std::string::npos);
}

TEST(Npy, RejectsBadMagicAndTruncatedData) {
  const auto dir = temp_dir("bad");
  std::ofstream((dir / "bad.npy").string()) << "not numpy at all";
  EXPECT_THROW(read_npy((dir / "bad.npy").string()), gramt::Error);
  write_npy((dir / "t.npy").string(), std::vector<float>(100, 1.0f), {100});
  fs::resize_file(dir / "t.npy", fs::file_size(dir / "t.npy") - 10);
  try {
    read_npy((dir / "t.npy").string());
    FAIL() << "truncated file accepted";
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
}

TEST(Npy, WriteLeavesNoFileWhenShapeDisagrees) {
  const auto dir = temp_dir("shape");
  EXPECT_THROW(write_npy((dir / "x.npy").string(), std::vector<float>(5), {2, 3}), gramt::Error);
  EXPECT_FALSE(fs::exists(dir / "x.npy"));
}

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

namespace {

// A .npy image with a hand-written header dict (padded to 64 bytes like numpy) and `data` after it.
std::string npy_with_dict(const std::string& dict, const std::string& data = "") {
  std::string h = dict;
  const size_t unpadded = 10 + h.size() + 1;
  h.append((64 - unpadded % 64) % 64, ' ');
  h += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(h.size() & 0xff);
  out += static_cast<char>((h.size() >> 8) & 0xff);
  return out + h + data;
}

// The one message a bad input gets, or "" when it was accepted.
std::string parse_error(const std::string& bytes) {
  try {
    gramt::io::parse_npy(bytes, "member.npy");
  } catch (const gramt::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Npy, ShapeEntriesMustBePlainIntegers) {
  for (const char* shape : {"(3abc,)", "(-3,)", "(3.5,)", "(, 3)", "(3 4)", "(0x10,)", "(99999999999999999999,)"}) {
    const std::string dict = std::string("{'descr': '<f4', 'fortran_order': False, 'shape': ") + shape + ", }";
    const std::string e = parse_error(npy_with_dict(dict, std::string(12, '\0')));
    EXPECT_NE(e.find("member.npy"), std::string::npos) << shape << " accepted or unnamed: " << e;
  }
  EXPECT_EQ(parse_error(npy_with_dict("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", std::string(12, '\0'))),
            "");
  EXPECT_EQ(parse_error(npy_with_dict("{\"descr\": \"<f4\", \"shape\": (1, 3), \"fortran_order\": False}", std::string(12, '\0'))),
            "")
      << "key order and quote style are free";
}

TEST(Npy, HeaderKeysAppearExactlyOnce) {
  EXPECT_NE(parse_error(npy_with_dict("{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", "1234"))
                .find("twice"),
            std::string::npos);
  EXPECT_NE(parse_error(npy_with_dict("{'descr': '<f4', 'shape': (1,), }", "1234")).find("fortran_order"), std::string::npos);
  EXPECT_NE(parse_error(npy_with_dict("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", "1234")).find("Fortran"),
            std::string::npos);
  EXPECT_NE(parse_error(npy_with_dict("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", "1234")), "");
}

// A shape whose byte count overflows, or that needs more bytes than are present, is refused before
// anything is allocated (an allocation of that size would throw bad_alloc or take the machine's memory).
TEST(Npy, SizeIsCheckedAgainstTheBytesPresentBeforeAllocating) {
  const std::string overflow =
      parse_error(npy_with_dict("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", "x"));
  EXPECT_NE(overflow.find("too large"), std::string::npos) << overflow;
  const std::string huge = parse_error(npy_with_dict("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000,), }"));
  EXPECT_NE(huge.find("truncated"), std::string::npos) << huge;
  const std::string extra = parse_error(npy_with_dict("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", "12345"));
  EXPECT_NE(extra.find("has 5"), std::string::npos) << extra;
}

TEST(Npy, HeaderOver64KiBIsRefused) {
  std::string bytes = "\x93NUMPY";
  bytes += '\x02';
  bytes += '\x00';
  const uint32_t len = 65 * 1024;
  for (int i = 0; i < 4; ++i) bytes += static_cast<char>((len >> (8 * i)) & 0xff);
  bytes += std::string(len, ' ');
  const std::string e = parse_error(bytes);
  EXPECT_NE(e.find("64 KiB"), std::string::npos) << e;
}

TEST(Npy, ConversionRefusesBytesThatDisagreeWithTheShape) {
  gramt::io::NpyArray a;
  a.dtype = "<f4";
  a.shape = {1000};
  a.bytes.resize(8);
  EXPECT_THROW(a.to_float(), gramt::Error);
  a.shape = {INT64_MAX, 4};
  EXPECT_THROW(a.numel(), gramt::Error);
}

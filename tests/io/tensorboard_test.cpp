// TensorBoard event files: CRC-32C, TFRecord framing, events written and read back through our own
// protobuf messages, corruption and truncation.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/common/error.h"
#include "core/io/tensorboard/crc32c.h"
#include "core/io/tensorboard/event_reader.h"
#include "core/io/tensorboard/event_writer.h"
#include "core/io/tensorboard/tfrecord.h"

namespace fs = std::filesystem;
using namespace gramt::tensorboard;

namespace {

class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::path(::testing::TempDir()) / ("gramt_tb_" + std::string(info->name()));
    fs::remove_all(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

uint32_t le32(const std::string& b, std::size_t at) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(b[at + i])) << (8 * i);
  return v;
}

// Writes a small log and returns its path: file version, two scalars, one image.
std::string write_sample_log(const std::string& dir) {
  EventWriter writer(dir);
  writer.add_scalar("MSE_Loss", 1.25, 1);
  writer.add_scalar("lr-AdamW", 2e-4, 2);
  writer.add_image("input_spectrogram", std::string("\x89PNG fake", 9), 3, 4, 2);
  return writer.path();
}

}  // namespace

TEST(Crc32c, KnownValues) {
  EXPECT_EQ(crc32c(std::string_view("123456789")), 0xe3069283u);  // the standard check value
  EXPECT_EQ(crc32c(std::string_view("")), 0u);
  const std::string zeros(32, '\0');
  EXPECT_EQ(crc32c(zeros), 0x8a9136aau);  // RFC 3720 B.4: 32 bytes of zeros
  EXPECT_EQ(mask_crc(0), 0xa282ead8u);
}

TEST(TfRecord, FramingLayout) {
  const std::string data = "hello";
  const std::string framed = frame_record(data);
  ASSERT_EQ(framed.size(), data.size() + 16);
  EXPECT_EQ(le32(framed, 0), 5u);
  EXPECT_EQ(le32(framed, 4), 0u);
  EXPECT_EQ(le32(framed, 8), mask_crc(crc32c(framed.data(), 8)));
  EXPECT_EQ(framed.substr(12, 5), data);
  EXPECT_EQ(le32(framed, 17), mask_crc(crc32c(data)));
}

TEST(EventWriter, ScalarsAndImageReadBack) {
  TempDir dir;
  const std::string path = write_sample_log(dir.str() + "/tb");
  EXPECT_EQ(fs::path(path).filename().string().rfind("events.out.tfevents.", 0), 0u) << path;

  const EventFile file = read_event_file(path);
  EXPECT_FALSE(file.truncated_tail);
  ASSERT_EQ(file.events.size(), 4u);
  EXPECT_EQ(file.events[0].file_version(), "brain.Event:2");
  EXPECT_GT(file.events[0].wall_time(), 1.6e9);

  const auto& loss = file.events[1];
  EXPECT_EQ(loss.step(), 1);
  ASSERT_EQ(loss.summary().value_size(), 1);
  EXPECT_EQ(loss.summary().value(0).tag(), "MSE_Loss");
  EXPECT_FLOAT_EQ(loss.summary().value(0).simple_value(), 1.25f);

  const auto& lr = file.events[2];
  EXPECT_EQ(lr.step(), 2);
  EXPECT_EQ(lr.summary().value(0).tag(), "lr-AdamW");
  EXPECT_FLOAT_EQ(lr.summary().value(0).simple_value(), 2e-4f);

  const auto& image = file.events[3].summary().value(0);
  EXPECT_EQ(image.tag(), "input_spectrogram");
  ASSERT_TRUE(image.has_image());
  EXPECT_EQ(image.image().height(), 3);
  EXPECT_EQ(image.image().width(), 4);
  EXPECT_EQ(image.image().colorspace(), 3);
  EXPECT_EQ(image.image().encoded_image_string(), std::string("\x89PNG fake", 9));
}

// The wire bytes themselves, so a mistake shared by our writer and reader would still show.
TEST(EventWriter, WireFormatOfAScalar) {
  TempDir dir;
  const std::string bytes = read_bytes(write_sample_log(dir.str()));
  const uint32_t first_length = le32(bytes, 0);
  const std::size_t second = 12 + first_length + 4;
  const std::string data = bytes.substr(second + 12, le32(bytes, second));
  // Event: field 1 (double, wire type 1) then field 2 (varint) step 1, then field 5 (length-delimited).
  ASSERT_GE(data.size(), 12u);
  EXPECT_EQ(static_cast<unsigned char>(data[0]), (1 << 3) | 1);
  EXPECT_EQ(static_cast<unsigned char>(data[9]), (2 << 3) | 0);
  EXPECT_EQ(static_cast<unsigned char>(data[10]), 1);
  EXPECT_EQ(static_cast<unsigned char>(data[11]), (5 << 3) | 2);
  // Summary.value (field 1) > Value.tag (field 1) = "MSE_Loss", Value.simple_value (field 2, fixed32).
  const std::string tail = data.substr(13);
  EXPECT_EQ(static_cast<unsigned char>(tail[0]), (1 << 3) | 2);
  EXPECT_EQ(static_cast<unsigned char>(tail[2]), (1 << 3) | 2);
  EXPECT_EQ(tail.substr(4, 8), "MSE_Loss");
  EXPECT_EQ(static_cast<unsigned char>(tail[12]), (2 << 3) | 5);
}

TEST(EventWriter, CorruptCrcIsDetected) {
  TempDir dir;
  const std::string path = write_sample_log(dir.str());
  const std::string good = read_bytes(path);
  const std::size_t second = 12 + le32(good, 0) + 4;

  std::string bad_data = good;
  bad_data[second + 12 + 3] ^= 0x01;
  write_bytes(path, bad_data);
  try {
    read_record_file(path);
    FAIL() << "a flipped data byte went unnoticed";
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("record 1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("CRC of the data"), std::string::npos) << e.what();
  }

  std::string bad_length = good;
  bad_length[second] ^= 0x01;
  write_bytes(path, bad_length);
  try {
    read_record_file(path);
    FAIL() << "a flipped length byte went unnoticed";
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("CRC of the length"), std::string::npos) << e.what();
  }
}

TEST(EventWriter, TruncatedTailIsReportedNotFatal) {
  TempDir dir;
  const std::string path = write_sample_log(dir.str());
  const std::string good = read_bytes(path);
  write_bytes(path, good.substr(0, good.size() - 3));
  const EventFile file = read_event_file(path);
  EXPECT_TRUE(file.truncated_tail);
  EXPECT_EQ(file.events.size(), 3u);
}

TEST(EventWriter, TwoWritersGetTwoFiles) {
  TempDir dir;
  EventWriter a(dir.str());
  EventWriter b(dir.str());
  EXPECT_NE(a.path(), b.path());
  a.add_scalar("x", 1, 0);
  b.sync();
  EXPECT_EQ(read_event_file(b.path()).events.size(), 1u);
  EXPECT_EQ(read_event_file(a.path()).events.size(), 2u);
}

TEST(EventWriter, UnwritableFolderIsAnError) {
  TempDir dir;
  fs::create_directories(dir.str());
  write_bytes(dir.str() + "/file", "x");
  EXPECT_THROW(EventWriter(dir.str() + "/file/tb"), gramt::Error);
}

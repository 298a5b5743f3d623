#include "core/io/tensorboard/tfrecord.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "core/common/error.h"
#include "core/io/tensorboard/crc32c.h"

namespace gramt::tensorboard {
namespace {

void put_u32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xffu));
}

void put_u64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xffu));
}

uint64_t get_le(const std::string& bytes, std::size_t offset, int width) {
  uint64_t v = 0;
  for (int i = 0; i < width; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[offset + i])) << (8 * i);
  return v;
}

}  // namespace

std::string frame_record(std::string_view data) {
  std::string out;
  out.reserve(data.size() + 16);
  put_u64(out, data.size());
  put_u32(out, mask_crc(crc32c(out.data(), 8)));
  out.append(data.data(), data.size());
  put_u32(out, mask_crc(crc32c(data)));
  return out;
}

RecordFile read_record_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open: " + std::strerror(errno));
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(path + ": read failed");

  RecordFile file;
  std::size_t offset = 0;
  while (offset < bytes.size()) {
    const std::string where = path + ": record " + std::to_string(file.records.size()) + " at byte " + std::to_string(offset);
    if (bytes.size() - offset < 12) {
      file.truncated_tail = true;
      break;
    }
    const uint64_t length = get_le(bytes, offset, 8);
    const auto length_crc = static_cast<uint32_t>(get_le(bytes, offset + 8, 4));
    if (mask_crc(crc32c(bytes.data() + offset, 8)) != length_crc)
      throw Error(where + ": the CRC of the length field does not match (corrupt file)");
    if (length > bytes.size() - offset - 12 || bytes.size() - offset - 12 - length < 4) {
      file.truncated_tail = true;
      break;
    }
    const std::size_t data_offset = offset + 12;
    const auto data_crc = static_cast<uint32_t>(get_le(bytes, data_offset + length, 4));
    if (mask_crc(crc32c(bytes.data() + data_offset, length)) != data_crc)
      throw Error(where + ": the CRC of the data does not match (corrupt file)");
    file.records.push_back(bytes.substr(data_offset, length));
    offset = data_offset + length + 4;
  }
  return file;
}

}  // namespace gramt::tensorboard

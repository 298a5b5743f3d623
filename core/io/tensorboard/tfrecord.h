#pragma once
// TFRecord framing, the container of TensorBoard event files. Each record is
//   uint64 length | uint32 masked CRC-32C of those 8 bytes | data | uint32 masked CRC-32C of data
// with all integers little-endian.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gramt::tensorboard {

// The framed bytes of one record.
std::string frame_record(std::string_view data);

struct RecordFile {
  std::vector<std::string> records;  // complete records, in file order
  bool truncated_tail = false;       // the file ends inside a record (a writer still at work, or killed)
};

// Reads every record of `path`, checking both CRCs of each. Throws gramt::Error naming the file,
// the record number and its byte offset when a CRC does not match. An incomplete last record is
// not an error: it is left out and reported in `truncated_tail`.
RecordFile read_record_file(const std::string& path);

}  // namespace gramt::tensorboard

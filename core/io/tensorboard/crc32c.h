#pragma once
// CRC-32C (Castagnoli), the checksum of TFRecord framing. Written here because none of our Debian
// dependencies exposes CRC-32C to C++ (zlib only has the IEEE CRC-32); a byte-wise table is fast
// enough for log records.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace gramt::tensorboard {

uint32_t crc32c(const void* data, std::size_t size);
inline uint32_t crc32c(std::string_view bytes) { return crc32c(bytes.data(), bytes.size()); }

// TFRecord stores CRCs rotated and offset, so a CRC of data that embeds CRCs stays well mixed.
inline uint32_t mask_crc(uint32_t crc) { return ((crc >> 15) | (crc << 17)) + 0xa282ead8u; }

}  // namespace gramt::tensorboard

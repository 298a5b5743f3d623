#include "core/io/tensorboard/png_encoder.h"

#include <zlib.h>

#include "core/common/error.h"

namespace gramt::tensorboard {
namespace {

void put_u32_be(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xffu));
}

// A chunk: length, type, data, CRC-32 (IEEE, zlib's) of type + data.
void put_chunk(std::string& out, const char type[4], const std::string& data) {
  put_u32_be(out, static_cast<uint32_t>(data.size()));
  const std::size_t type_at = out.size();
  out.append(type, 4);
  out += data;
  const auto* start = reinterpret_cast<const Bytef*>(out.data() + type_at);
  put_u32_be(out, static_cast<uint32_t>(crc32(0L, start, static_cast<uInt>(data.size() + 4))));
}

}  // namespace

std::string encode_png_rgb(const std::vector<uint8_t>& rgb, int width, int height) {
  if (width <= 0 || height <= 0) throw Error("PNG: empty image (" + std::to_string(width) + "x" + std::to_string(height) + ")");
  const std::size_t row_bytes = static_cast<std::size_t>(width) * 3;
  if (rgb.size() != row_bytes * static_cast<std::size_t>(height))
    throw Error("PNG: " + std::to_string(rgb.size()) + " bytes do not make a " + std::to_string(width) + "x" +
                std::to_string(height) + " RGB image");

  // Scanlines, each led by filter type 0 (none): spectrogram images are small, size is no concern.
  std::string raw;
  raw.reserve((row_bytes + 1) * static_cast<std::size_t>(height));
  for (int y = 0; y < height; ++y) {
    raw.push_back('\0');
    raw.append(reinterpret_cast<const char*>(rgb.data()) + y * row_bytes, row_bytes);
  }
  uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
  std::string packed(packed_size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size, reinterpret_cast<const Bytef*>(raw.data()),
                static_cast<uLong>(raw.size()), Z_DEFAULT_COMPRESSION) != Z_OK)
    throw Error("PNG: zlib compression failed");
  packed.resize(packed_size);

  std::string header;
  put_u32_be(header, static_cast<uint32_t>(width));
  put_u32_be(header, static_cast<uint32_t>(height));
  header.push_back(8);  // bit depth
  header.push_back(2);  // colour type: RGB
  header.push_back(0);  // compression: deflate
  header.push_back(0);  // filter method: adaptive (we use type 0 on every row)
  header.push_back(0);  // no interlace

  std::string png("\x89PNG\r\n\x1a\n", 8);
  put_chunk(png, "IHDR", header);
  put_chunk(png, "IDAT", packed);
  put_chunk(png, "IEND", std::string());
  return png;
}

}  // namespace gramt::tensorboard

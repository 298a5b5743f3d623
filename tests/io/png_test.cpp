// The PNG encoder (checked by decoding with zlib) and spectrogram rendering.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>

#include "core/common/error.h"
#include "core/io/tensorboard/png_encoder.h"
#include "core/io/tensorboard/spectrogram_image.h"

using namespace gramt::tensorboard;

namespace {

uint32_t be32(const std::string& b, std::size_t at) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}

struct DecodedPng {
  uint32_t width = 0, height = 0;
  int bit_depth = 0, colour_type = 0;
  std::vector<uint8_t> rgb;  // filter bytes removed (all must be 0)
};

// Walks the chunks, checks every chunk CRC, inflates IDAT.
DecodedPng decode(const std::string& png) {
  DecodedPng out;
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  std::string idat;
  std::size_t at = 8;
  std::vector<std::string> types;
  while (at + 12 <= png.size()) {
    const uint32_t length = be32(png, at);
    const std::string type = png.substr(at + 4, 4);
    const std::string data = png.substr(at + 8, length);
    const uint32_t crc = be32(png, at + 8 + length);
    EXPECT_EQ(crc, crc32(0L, reinterpret_cast<const Bytef*>(png.data() + at + 4), length + 4)) << type;
    types.push_back(type);
    if (type == "IHDR") {
      EXPECT_EQ(length, 13u);
      out.width = be32(data, 0);
      out.height = be32(data, 4);
      out.bit_depth = static_cast<unsigned char>(data[8]);
      out.colour_type = static_cast<unsigned char>(data[9]);
    } else if (type == "IDAT") {
      idat += data;
    }
    at += 12 + length;
  }
  EXPECT_EQ(at, png.size());
  EXPECT_EQ(types.front(), "IHDR");
  EXPECT_EQ(types.back(), "IEND");
  const std::size_t row = out.width * 3 + 1;
  uLongf raw_size = row * out.height;
  std::vector<uint8_t> raw(raw_size);
  EXPECT_EQ(uncompress(raw.data(), &raw_size, reinterpret_cast<const Bytef*>(idat.data()), idat.size()), Z_OK);
  EXPECT_EQ(raw_size, row * out.height);
  for (uint32_t y = 0; y < out.height; ++y) {
    EXPECT_EQ(raw[y * row], 0) << "filter byte of row " << y;
    out.rgb.insert(out.rgb.end(), raw.begin() + y * row + 1, raw.begin() + (y + 1) * row);
  }
  return out;
}

std::vector<uint8_t> pixel(const DecodedPng& png, int x, int y) {
  const auto* p = &png.rgb[(static_cast<std::size_t>(y) * png.width + x) * 3];
  return {p[0], p[1], p[2]};
}

}  // namespace

TEST(PngEncoder, HeaderAndPixelsRoundTrip) {
  const std::vector<uint8_t> rgb = {255, 0, 0, 0, 255, 0, 0, 0, 255,   // top row: red green blue
                                    1, 2, 3, 4, 5, 6, 7, 8, 9};        // bottom row
  const std::string png = encode_png_rgb(rgb, 3, 2);
  const DecodedPng decoded = decode(png);
  EXPECT_EQ(decoded.width, 3u);
  EXPECT_EQ(decoded.height, 2u);
  EXPECT_EQ(decoded.bit_depth, 8);
  EXPECT_EQ(decoded.colour_type, 2);
  EXPECT_EQ(decoded.rgb, rgb);
  // IHDR straight after the signature: length 13, then the type.
  EXPECT_EQ(be32(png, 8), 13u);
  EXPECT_EQ(png.substr(12, 4), "IHDR");
}

TEST(PngEncoder, RejectsBadSizes) {
  EXPECT_THROW(encode_png_rgb({}, 0, 1), gramt::Error);
  EXPECT_THROW(encode_png_rgb(std::vector<uint8_t>(5), 1, 2), gramt::Error);
}

TEST(SpectrogramImage, LowFrequenciesAtTheBottom) {
  // 4 frequency rows x 3 frames; the value grows with the frequency row.
  std::vector<float> values;
  for (int r = 0; r < 4; ++r)
    for (int t = 0; t < 3; ++t) values.push_back(static_cast<float>(r));
  uint8_t lowest[3], highest[3];
  viridis_rgb(0.0f, lowest);
  viridis_rgb(1.0f, highest);
  const std::vector<uint8_t> low_colour(lowest, lowest + 3), high_colour(highest, highest + 3);

  const SpectrogramPng image = render_spectrogram_png(values, 4, 3);
  EXPECT_EQ(image.height, 4);
  EXPECT_EQ(image.width, 3);
  const DecodedPng decoded = decode(image.png);
  EXPECT_EQ(pixel(decoded, 0, 3), low_colour);   // bottom row = lowest bin = minimum
  EXPECT_EQ(pixel(decoded, 2, 0), high_colour);  // top row = highest bin = maximum

  const DecodedPng flipped = decode(render_spectrogram_png(values, 4, 3, false).png);
  EXPECT_EQ(pixel(flipped, 0, 0), low_colour);
  EXPECT_EQ(pixel(flipped, 0, 3), high_colour);
}

TEST(SpectrogramImage, PanelsShareOneRangeAndNonFiniteIsBlack) {
  // Channel 0 all 0, channel 1 all 1, one NaN.
  std::vector<float> values(2 * 2 * 2, 0.0f);
  for (int i = 4; i < 8; ++i) values[i] = 1.0f;
  values[0] = std::nanf("");
  const SpectrogramPng image = render_spectrogram_panels_png(values, 2, 2, 2);
  EXPECT_EQ(image.height, 2 * 2 + 2);
  const DecodedPng decoded = decode(image.png);
  uint8_t lowest[3], highest[3];
  viridis_rgb(0.0f, lowest);
  viridis_rgb(1.0f, highest);
  EXPECT_EQ(pixel(decoded, 1, 0), std::vector<uint8_t>(lowest, lowest + 3));
  EXPECT_EQ(pixel(decoded, 0, 1), (std::vector<uint8_t>{0, 0, 0}));  // row 0 of channel 0 is drawn at the bottom
  EXPECT_EQ(pixel(decoded, 0, 2), (std::vector<uint8_t>{255, 255, 255}));  // gap
  EXPECT_EQ(pixel(decoded, 0, 4), std::vector<uint8_t>(highest, highest + 3));
}

TEST(SpectrogramImage, ViridisEndsAndBadInput) {
  uint8_t rgb[3];
  viridis_rgb(0.0f, rgb);
  EXPECT_EQ(rgb[0], 0x44);
  EXPECT_EQ(rgb[2], 0x54);
  viridis_rgb(2.0f, rgb);  // clamped
  EXPECT_EQ(rgb[0], 0xfd);
  EXPECT_EQ(rgb[1], 0xe7);
  EXPECT_THROW(render_spectrogram_png(std::vector<float>(5), 2, 3), gramt::Error);
  EXPECT_THROW(render_spectrogram_png({}, 0, 3), gramt::Error);
}

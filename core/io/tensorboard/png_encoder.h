#pragma once
// A minimal PNG writer: 8-bit RGB, no filtering, one zlib stream. TensorBoard images must be
// encoded (PNG), the core may not use Qt, and no image library is among our dependencies; over zlib
// the format takes a page of code.
#include <cstdint>
#include <string>
#include <vector>

namespace gramt::tensorboard {

// `rgb` holds height rows of width pixels, 3 bytes each, top row first. Throws gramt::Error for an
// empty image or a buffer of the wrong size.
std::string encode_png_rgb(const std::vector<uint8_t>& rgb, int width, int height);

}  // namespace gramt::tensorboard

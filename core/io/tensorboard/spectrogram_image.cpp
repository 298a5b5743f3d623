#include "core/io/tensorboard/spectrogram_image.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/error.h"
#include "core/io/tensorboard/png_encoder.h"

namespace gramt::tensorboard {
namespace {

// Viridis sampled at ten evenly spaced points; linear interpolation between them stays within a
// few levels of the full 256-entry map, which is plenty for a monitoring image.
constexpr uint8_t kViridisStops[10][3] = {
    {0x44, 0x01, 0x54}, {0x48, 0x28, 0x78}, {0x3e, 0x4a, 0x89}, {0x31, 0x68, 0x8e}, {0x26, 0x82, 0x8e},
    {0x1f, 0x9e, 0x89}, {0x35, 0xb7, 0x79}, {0x6d, 0xcd, 0x59}, {0xb4, 0xde, 0x2c}, {0xfd, 0xe7, 0x25}};

constexpr int kPanelGap = 2;  // white rows between channel panels

}  // namespace

void viridis_rgb(float t, uint8_t rgb[3]) {
  if (!(t > 0.0f)) t = 0.0f;  // also catches NaN
  if (t > 1.0f) t = 1.0f;
  const float position = t * 9.0f;
  const int low = std::min(static_cast<int>(position), 8);
  const float frac = position - static_cast<float>(low);
  for (int c = 0; c < 3; ++c) {
    const float v = kViridisStops[low][c] + frac * (kViridisStops[low + 1][c] - kViridisStops[low][c]);
    rgb[c] = static_cast<uint8_t>(std::lround(v));
  }
}

SpectrogramPng render_spectrogram_panels_png(const std::vector<float>& values, int channels, int rows, int cols,
                                             bool low_frequencies_at_bottom) {
  if (channels <= 0 || rows <= 0 || cols <= 0)
    throw Error("spectrogram image: channels, rows and cols must be positive (got " + std::to_string(channels) + ", " +
                std::to_string(rows) + ", " + std::to_string(cols) + ")");
  const std::size_t panel = static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
  if (values.size() != panel * static_cast<std::size_t>(channels))
    throw Error("spectrogram image: " + std::to_string(values.size()) + " values do not make " +
                std::to_string(channels) + " x " + std::to_string(rows) + " x " + std::to_string(cols));

  float low = std::numeric_limits<float>::infinity();
  float high = -std::numeric_limits<float>::infinity();
  for (float v : values) {
    if (!std::isfinite(v)) continue;
    low = std::min(low, v);
    high = std::max(high, v);
  }
  const bool constant = !(high > low);

  const int height = channels * rows + (channels - 1) * kPanelGap;
  const int width = cols;
  std::vector<uint8_t> rgb(static_cast<std::size_t>(height) * width * 3, 255);
  for (int c = 0; c < channels; ++c) {
    const int top = c * (rows + kPanelGap);
    for (int r = 0; r < rows; ++r) {
      const int y = top + (low_frequencies_at_bottom ? rows - 1 - r : r);
      for (int t = 0; t < cols; ++t) {
        const float v = values[c * panel + static_cast<std::size_t>(r) * cols + t];
        uint8_t* pixel = &rgb[(static_cast<std::size_t>(y) * width + t) * 3];
        if (!std::isfinite(v)) {
          pixel[0] = pixel[1] = pixel[2] = 0;
        } else {
          viridis_rgb(constant ? 0.5f : (v - low) / (high - low), pixel);
        }
      }
    }
  }
  return {encode_png_rgb(rgb, width, height), height, width};
}

SpectrogramPng render_spectrogram_png(const std::vector<float>& values, int rows, int cols,
                                      bool low_frequencies_at_bottom) {
  return render_spectrogram_panels_png(values, 1, rows, cols, low_frequencies_at_bottom);
}

}  // namespace gramt::tensorboard

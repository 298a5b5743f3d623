#pragma once
// Spectrograms as colour images for TensorBoard and the run folder, drawn as the reference's
// figures are: a perceptually uniform colour map (viridis, matplotlib's default) stretched over the
// data's own minimum..maximum, low frequencies at the bottom.
#include <cstdint>
#include <string>
#include <vector>

namespace gramt::tensorboard {

struct SpectrogramPng {
  std::string png;  // encoded bytes
  int height = 0;
  int width = 0;
};

// `values`: rows x cols, row-major, row = frequency bin (row 0 = lowest), col = time frame.
// Non-finite values are drawn black and ignored for the colour range; a constant image is drawn in
// the middle colour. Throws gramt::Error when the sizes disagree or are not positive.
SpectrogramPng render_spectrogram_png(const std::vector<float>& values, int rows, int cols,
                                      bool low_frequencies_at_bottom = true);

// Several channels (channels x rows x cols, e.g. left and right ear) stacked top to bottom, first
// channel on top, separated by a white line and sharing one colour range.
SpectrogramPng render_spectrogram_panels_png(const std::vector<float>& values, int channels, int rows, int cols,
                                             bool low_frequencies_at_bottom = true);

// The colour of t in [0, 1] (clamped) on the viridis map, as 3 bytes RGB.
void viridis_rgb(float t, uint8_t rgb[3]);

}  // namespace gramt::tensorboard

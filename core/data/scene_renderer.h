#pragma once
// What the batch builder needs from room acoustics: turning a dry mono clip (and optionally a noise
// recording) into the model's C-channel input. The implementation on core/scene convolves with
// sampled binaural room responses and mixes at a random SNR; tests use simpler stand-ins.
#include <vector>

#include "core/data/random.h"

namespace gramt::data {

// Signals per rendered scene for a model of `model_channels` inputs: the four FOA signals for a
// 7-channel (ambisonic) model, whose front end makes 7 feature channels of them; else the same.
inline int scene_signal_channels(int model_channels) { return model_channels == 7 ? 4 : model_channels; }

class SceneRenderer {
 public:
  virtual ~SceneRenderer() = default;

  // Channels of every rendered scene.
  virtual int channels() const = 0;

  // `source`: the prepared clip (L samples). `noise`: a prepared noise recording of any length, or
  // nullptr for none. `with_rir`: false renders the dry source (and dry noise) on every channel.
  // Returns `channels()` signals of L samples. Every random choice comes from `rng`.
  virtual std::vector<std::vector<float>> render(const std::vector<float>& source, const std::vector<float>* noise,
                                                 bool with_rir, Rng& rng) const = 0;
};

}  // namespace gramt::data

#pragma once
// A scene renderer for tests: no rooms, just something channel-specific, noise-dependent and
// random (through the given generator), so tests can tell clean from rendered clips and check that
// rendering is reproducible.
#include "core/data/scene_renderer.h"

namespace gramt::test {

class StandInScene : public data::SceneRenderer {
 public:
  int channels() const override { return 2; }
  std::vector<std::vector<float>> render(const std::vector<float>& source, const std::vector<float>* noise,
                                         bool with_rir, data::Rng& rng) const override {
    const auto gain = static_cast<float>(rng.uniform(0.2, 0.8));
    std::vector<std::vector<float>> out(2, source);
    for (size_t i = 0; i < source.size(); ++i) {
      if (with_rir) out[1][i] *= gain;
      if (noise != nullptr && !noise->empty()) {
        out[0][i] += 0.1f * (*noise)[i % noise->size()];
        out[1][i] += 0.1f * (*noise)[i % noise->size()];
      }
    }
    return out;
  }
};

}  // namespace gramt::test

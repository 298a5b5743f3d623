#pragma once
// One call for the task makers and the training pipeline: a dry mono recording, optionally with a
// noise recording, becomes a binaural reverberant (optionally noisy) scene with its localization
// labels. The room responses come from a SceneResponseSource: random shoebox rooms through an HRIR
// set (with_random_rooms), a folder of measured responses (RoomResponseSet), or your own.
//
//   auto hrirs = gramt::scene::HrirSet::open_sofa("/usr/share/libmysofa/default.sofa", 32000);
//   auto maker = gramt::scene::BinauralSceneMaker::with_random_rooms(hrirs, {});
//   gramt::scene::BinauralScene scene = maker.make(mono_clip, /*seed=*/42, &noise_clip);
//   // scene.audio: 2 channels × mono length; scene.source.azimuth_deg, .position, ...
#include <cstdint>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/audio/audio_buffer.h"
#include "core/scene/hrir_set.h"
#include "core/scene/scene_mixer.h"
#include "core/scene/scene_responses.h"
#include "core/scene/scene_sampler.h"

namespace gramt::scene {

struct BinauralSceneOptions {
  MixOptions mix;                 // with_rir / with_noise, SNR range or fixed SNR, fade length
  bool normalise_inputs = true;   // source and noise to −14 dBFS RMS first, as the reference prepares clips
  double input_level_dbfs = -14.0;
  bool keep_parts = false;        // also return the source and the scaled noise apart (checks, listening)
};

struct BinauralScene {
  audio::AudioBuffer audio;                 // channels × input length, at the input's rate
  bool reverberant = false;                 // room responses were applied (and the labels are meaningful)
  bool has_labels = false;
  SpatialLabel source;                      // the source relative to the head
  std::vector<SpatialLabel> noise_sources;  // the noise sources relative to the head
  bool noisy = false;
  double snr_db = std::numeric_limits<double>::quiet_NaN();
  double rt60_seconds = std::numeric_limits<double>::quiet_NaN();
  Vec3 room_dimensions;
  std::string origin;  // room description or response file
  // With options.keep_parts: audio = source_part + noise_part, sample for sample (noise_part is
  // zeros in a noiseless scene); otherwise empty.
  std::vector<std::vector<float>> source_part, noise_part;
};

class BinauralSceneMaker {
 public:
  // Throws gramt::Error for a null source.
  explicit BinauralSceneMaker(std::shared_ptr<const SceneResponseSource> responses, BinauralSceneOptions options = {});
  static BinauralSceneMaker with_random_rooms(HrirSet hrirs, SceneSamplerOptions rooms = {},
                                              BinauralSceneOptions options = {});

  int sample_rate() const { return responses_->sample_rate(); }
  const BinauralSceneOptions& options() const { return options_; }

  // `mono`: exactly one channel at sample_rate(). `noise`: any channel count (the first is used, as in
  // the reference) at sample_rate(), or null; it is left out of scenes drawn without noise sources.
  // Throws gramt::Error naming the mismatch otherwise.
  BinauralScene make(const audio::AudioBuffer& mono, uint64_t seed, const audio::AudioBuffer* noise = nullptr) const;

  // The same on plain signals at sample_rate() with the caller's generator; `mix` overrides the
  // options' mixing switches for this call (e.g. the pipeline's per-batch with_rir).
  BinauralScene make(const std::vector<float>& mono, const std::vector<float>* noise, std::mt19937_64& rng,
                     const MixOptions* mix = nullptr) const;

 private:
  std::shared_ptr<const SceneResponseSource> responses_;
  BinauralSceneOptions options_;
};

}  // namespace gramt::scene

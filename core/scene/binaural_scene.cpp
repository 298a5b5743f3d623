#include "core/scene/binaural_scene.h"

#include "core/common/error.h"

namespace gramt::scene {

BinauralSceneMaker::BinauralSceneMaker(std::shared_ptr<const SceneResponseSource> responses, BinauralSceneOptions options)
    : responses_(std::move(responses)), options_(options) {
  if (!responses_) throw Error("binaural scene: no room-response source given");
}

BinauralSceneMaker BinauralSceneMaker::with_random_rooms(HrirSet hrirs, SceneSamplerOptions rooms, BinauralSceneOptions options) {
  return BinauralSceneMaker(std::make_shared<RandomSceneSampler>(std::move(hrirs), std::move(rooms)), options);
}

BinauralScene BinauralSceneMaker::make(const audio::AudioBuffer& mono, uint64_t seed, const audio::AudioBuffer* noise) const {
  if (mono.channel_count() != 1)
    throw Error("binaural scene: the source must be mono, it has " + std::to_string(mono.channel_count()) + " channels");
  if (mono.sample_rate != sample_rate())
    throw Error("binaural scene: the source is at " + std::to_string(mono.sample_rate) + " Hz, the room responses at " +
                std::to_string(sample_rate()) + " Hz; resample first");
  if (noise != nullptr) {
    if (noise->channel_count() < 1) throw Error("binaural scene: the noise has no channels");
    if (noise->sample_rate != sample_rate())
      throw Error("binaural scene: the noise is at " + std::to_string(noise->sample_rate) + " Hz, the room responses at " +
                  std::to_string(sample_rate()) + " Hz; resample first");
  }
  std::mt19937_64 rng(seed);
  return make(mono.channels[0], noise != nullptr ? &noise->channels[0] : nullptr, rng);
}

BinauralScene BinauralSceneMaker::make(const std::vector<float>& mono, const std::vector<float>* noise, std::mt19937_64& rng,
                                       const MixOptions* mix) const {
  const MixOptions& mixing = mix != nullptr ? *mix : options_.mix;
  std::vector<float> source = mono;
  std::vector<float> noise_signal;
  const bool use_noise = mixing.with_noise && noise != nullptr && !noise->empty();
  if (use_noise) noise_signal = *noise;
  if (options_.normalise_inputs) {
    normalise_rms(source, options_.input_level_dbfs);
    if (use_noise) normalise_rms(noise_signal, options_.input_level_dbfs);
  }

  BinauralScene scene;
  SceneResponses responses;
  if (mixing.with_rir) {
    responses = responses_->draw(rng);
    scene.reverberant = true;
    scene.has_labels = responses.has_labels;
    scene.source = responses.source_label;
    scene.noise_sources = responses.noise_labels;
    scene.rt60_seconds = responses.rt60_seconds;
    scene.room_dimensions = responses.room_dimensions;
    scene.origin = responses.origin;
  }
  // A scene without noise sources (K = 0) has nowhere to put the noise: it stays out.
  const bool noise_placed = use_noise && (!mixing.with_rir || !responses.noise.empty());
  MixedScene mixed = mix_scene(source, noise_placed ? &noise_signal : nullptr, mixing.with_rir ? &responses.source : nullptr,
                               mixing.with_rir ? &responses.noise : nullptr, sample_rate(), mixing, rng);
  scene.noisy = mixed.noisy;
  scene.snr_db = mixed.snr_db;
  scene.audio.sample_rate = sample_rate();
  scene.audio.channels = std::move(mixed.mixture);
  if (options_.keep_parts) {
    scene.source_part = std::move(mixed.source);
    scene.noise_part = std::move(mixed.noise);
  }
  return scene;
}

}  // namespace gramt::scene

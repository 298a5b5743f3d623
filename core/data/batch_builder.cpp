#include "core/data/batch_builder.h"

#include "core/common/error.h"
#include "core/data/patch_masks.h"
#include "core/features/ambisonic_features.h"
#include "core/data/training_crops.h"

namespace gramt::data {

namespace {

features::LogMel training_log_mel(int sample_rate, int mel_bins) {
  features::LogMelConfig config;
  config.sample_rate = sample_rate;
  config.n_mels = mel_bins;
  config.log_offset = features::kTrainLogOffset;
  return features::LogMel(config);
}

// Validated before anything is built from it.
BatchSpec checked(BatchSpec spec) {
  spec.validate();
  return spec;
}

}  // namespace

void BatchSpec::validate() const {
  clip_samples(clip);
  if (channels < 1) throw Error("data.in_channels must be at least 1");
  if (channels != 1 && channels != 2 && channels != 7)
    throw Error("data.in_channels must be 1, 2 or 7 (ambisonic), not " + std::to_string(channels));
  if (mel_bins < 1) throw Error("data.num_mel_bins must be at least 1");
  if (input_length < 1) throw Error("data.input_length must be positive");
  if (target_length < 1 || target_length > input_length)
    throw Error("data.target_length " + std::to_string(target_length) + " must be within 1..input_length (" +
                std::to_string(input_length) + ")");
  if (samples_per_audio < 1) throw Error("data.samples_per_audio must be at least 1");
  if (num_patches < 1) throw Error("data: num_patches must be positive");
  if (mask_patch < 0 || mask_patch > num_patches)
    throw Error("data.mask_patch " + std::to_string(mask_patch) + " must be within 0.." + std::to_string(num_patches));
  if (!(clean_data_ratio >= 0.0 && clean_data_ratio <= 1.0))
    throw Error("data.clean_data_ratio must be within 0..1");
}

BatchBuilder::BatchBuilder(BatchSpec spec, std::shared_ptr<const SceneRenderer> scenes)
    : spec_(checked(std::move(spec))),
      scenes_(std::move(scenes)),
      log_mel_(training_log_mel(spec_.clip.sample_rate, spec_.mel_bins)) {
  const bool scenes_needed = (spec_.with_noise || spec_.with_rir) && spec_.clean_data_ratio < 1.0;
  if (scenes_needed && !scenes_) throw Error("data: with_noise / with_rir need a scene renderer");
  if (scenes_ && scenes_->channels() != scene_signal_channels(spec_.channels))
    throw Error("data: scenes have " + std::to_string(scenes_->channels()) + " channels, the model takes " +
                std::to_string(spec_.channels) + " (" + std::to_string(scene_signal_channels(spec_.channels)) +
                " signals)");
}

TrainingBatch BatchBuilder::build(const std::vector<std::vector<float>>& clips,
                                  const std::vector<std::vector<float>>& noises, Rng& rng,
                                  const std::atomic<bool>* cancel) const {
  const auto clip_count = static_cast<int64_t>(clips.size());
  if (clip_count == 0) throw Error("batch builder: no clips");
  if (!noises.empty() && static_cast<int64_t>(noises.size()) != clip_count)
    throw Error("batch builder: " + std::to_string(noises.size()) + " noises for " + std::to_string(clip_count) +
                " clips");
  const int64_t length = clip_samples(spec_.clip);
  const int64_t channels = scene_signal_channels(spec_.channels);  // signals per scene

  // The reference draws clean_data_ratio once per batch (§7.4); kPerClip draws it for every clip.
  const bool clean_batch = rng.bernoulli(spec_.clean_data_ratio);
  std::vector<torch::Tensor> crops;
  crops.reserve(static_cast<size_t>(clip_count));
  for (int64_t i = 0; i < clip_count; ++i) {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) throw Cancelled();
    const auto& clip = clips[static_cast<size_t>(i)];
    if (static_cast<int64_t>(clip.size()) != length)
      throw Error("batch builder: clip " + std::to_string(i) + " has " + std::to_string(clip.size()) +
                  " samples, expected " + std::to_string(length));
    const bool clean = spec_.clean_draw == CleanDraw::kPerBatch ? clean_batch : rng.bernoulli(spec_.clean_data_ratio);
    const std::vector<float>* noise = nullptr;
    if (spec_.with_noise && !noises.empty() && !noises[static_cast<size_t>(i)].empty()) noise = &noises[static_cast<size_t>(i)];

    std::vector<std::vector<float>> scene;
    if (clean || !(spec_.with_rir || noise != nullptr)) {
      // Clean: the dry mono clip on every channel (the reference's evident intent, §9.13).
      scene.assign(static_cast<size_t>(channels), clip);
    } else {
      scene = scenes_->render(clip, noise, spec_.with_rir, rng);
      if (static_cast<int64_t>(scene.size()) != channels)
        throw Error("scene renderer returned " + std::to_string(scene.size()) + " channels, expected " +
                    std::to_string(channels));
    }
    for (auto& signal : scene)
      if (static_cast<int64_t>(signal.size()) != length)
        throw Error("scene renderer returned " + std::to_string(signal.size()) + " samples, expected " +
                    std::to_string(length));
    torch::Tensor features;
    if (spec_.channels == 7) {
      torch::Tensor foa = torch::empty({4, length}, torch::kFloat32);
      for (int64_t c = 0; c < 4; ++c)
        std::copy(scene[static_cast<size_t>(c)].begin(), scene[static_cast<size_t>(c)].end(), foa[c].data_ptr<float>());
      features = features::ambisonic_features(log_mel_, foa);  // (7, T, F)
    } else {
      // One channel at a time: LibTorch's batched STFT is many times slower here than separate calls.
      std::vector<torch::Tensor> channel_mels;
      for (auto& signal : scene) channel_mels.push_back(log_mel_(torch::from_blob(signal.data(), {length}, torch::kFloat32)));
      features = torch::stack(channel_mels, 0);
    }
    const auto log_mel = pad_or_truncate_frames(features, spec_.input_length);  // (C, input_length, F)
    crops.push_back(cut_crops(log_mel,
                              draw_crop_starts(rng, spec_.input_length, spec_.target_length, spec_.samples_per_audio),
                              spec_.target_length));
  }

  TrainingBatch batch;
  batch.crops = torch::cat(crops, 0);
  const int64_t rows = batch.crops.size(0);
  batch.masks = draw_patch_masks(rng, rows, spec_.num_patches, spec_.mask_patch);
  if (spec_.shuffle_crops) {
    // Masks are independent and identically drawn, so shuffling the crops alone suffices (the
    // reference does the same).
    const auto order = rng.permutation(rows);
    batch.crops = batch.crops.index_select(0, torch::tensor(order, torch::kInt64)).contiguous();
  }
  return batch;
}

}  // namespace gramt::data

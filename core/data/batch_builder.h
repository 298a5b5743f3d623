#pragma once
// One training batch from prepared clips, as the reference builds a pretraining step: scene per clip
// (or the clean dry clip on every channel), log(mel + 1e-5) per channel, padding to input_length
// frames, samples_per_audio random crops per clip with one mask per crop, crops shuffled.
// 7-channel (ambisonic) models: the scene's four FOA signals (W, X, Y, Z) go through the reference's
// ambisonic front end instead (4 log-mels + 3 intensity vectors); clean clips are the dry clip on W,
// X, Y and Z alike, as the reference tiles them.
#include <torch/types.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/data/clip_preparation.h"
#include "core/data/random.h"
#include "core/data/scene_renderer.h"
#include "core/features/log_mel.h"

namespace gramt::data {


// Who draws clean_data_ratio: the reference draws once per batch (a whole batch is clean or not);
// per clip mixes clean and spatial clips inside every batch.
enum class CleanDraw { kPerBatch, kPerClip };

struct BatchSpec {
  ClipSpec clip;                   // sample rate, clip seconds, RMS level
  int channels = 2;                // model input channels
  int mel_bins = 128;              // log-mel bands
  int64_t input_length = 1024;     // frames after padding / truncation
  int64_t target_length = 200;     // frames per crop (the model's input_tdim)
  int samples_per_audio = 16;      // crops per clip
  int64_t num_patches = 200;       // patches per crop (ModelConfig::num_patches())
  int64_t mask_patch = 160;        // masked patches per crop
  bool with_noise = true;
  bool with_rir = true;
  double clean_data_ratio = 0.0;   // probability of a clean (dry, noise-free) batch or clip
  CleanDraw clean_draw = CleanDraw::kPerBatch;
  bool shuffle_crops = true;

  // Throws gramt::Error naming the offending field.
  void validate() const;
};

struct TrainingBatch {
  int64_t index = 0;                    // the loader's batch number
  torch::Tensor crops;                  // (B·S, C, target_length, mel_bins) float32
  torch::Tensor masks;                  // (B·S, num_patches) bool, true = masked
  std::vector<std::string> clip_names;  // the B clips, in clip order (crops are shuffled)
};

class BatchBuilder {
 public:
  // `scenes` renders non-clean clips; it may be null only when neither noise nor rooms are used.
  BatchBuilder(BatchSpec spec, std::shared_ptr<const SceneRenderer> scenes);

  // `clips`: B prepared clips of clip_samples(spec.clip) samples. `noises`: B prepared noise
  // recordings (an empty one = none) or an empty vector. All random draws come from `rng`.
  // `cancel`, when set, is checked between clips (throws gramt::Cancelled).
  TrainingBatch build(const std::vector<std::vector<float>>& clips, const std::vector<std::vector<float>>& noises,
                      Rng& rng, const std::atomic<bool>* cancel = nullptr) const;

  const BatchSpec& spec() const { return spec_; }

 private:
  BatchSpec spec_;
  std::shared_ptr<const SceneRenderer> scenes_;
  features::LogMel log_mel_;
};

}  // namespace gramt::data

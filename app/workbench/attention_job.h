#pragma once
// The Attention panel's computation, off the UI thread: a clip read and resampled to the model's
// rate, its HEAR-path log-mel, one 2-s chunk cut from it, and every layer's and head's attention on
// that chunk with per-head summaries. The model stays loaded between calls with the same weights.
#include <QString>

#include <memory>
#include <mutex>
#include <vector>

#include "core/model/attention_maps.h"

namespace gramt::workbench {

struct AttentionRequest {
  QString weights_path, config_path;  // config "" = from the weights file
  QString clip_path;
  int chunk = 0;
};

struct AttentionResult {
  QString weights_path, clip_path;         // the request this answers
  QString error;                           // empty on success
  model::AttentionMaps maps;
  std::vector<model::HeadSummary> heads;   // layer-major
  std::vector<std::vector<float>> chunk_levels;  // per model input channel: [frame][bin] of the chunk
  int frames = 0, bins = 0;
  int chunk_count = 0;                     // chunks of the whole clip
  int chunk = 0;
  int frames_per_patch = 1, bins_per_patch = 1;
  int sample_rate = 32000;
  double clip_seconds = 0;
  std::vector<std::vector<float>> chunk_audio;  // the clip's channels over the chunk's time span (for playback)
  QString model_text;                      // "2 layers × 4 heads, frame 16×8, 2 channels"
};

class AttentionComputer {
 public:
  AttentionComputer();
  ~AttentionComputer();
  // Thread-safe; one call at a time does the work.
  AttentionResult compute(const AttentionRequest& request);

 private:
  struct Loaded;
  std::mutex mutex_;
  std::unique_ptr<Loaded> loaded_;
};

}  // namespace gramt::workbench

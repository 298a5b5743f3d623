#pragma once
// What the embeddings runner needs from a model: its sample rate and, for a batch of clips, per
// clip the timestamp embeddings, their times and a scene embedding (the HEAR API). An interface so
// that the runner can be tested without a model; HearClipEmbedder adapts the GRAM-T embedder.
#include <cstdint>
#include <string>
#include <vector>

#include "core/audio/audio_buffer.h"
#include "core/common/error.h"
#include "core/common/progress.h"

namespace gramt::eval::tasks {

struct ClipEmbedding {
  int64_t frames = 0;  // T
  int64_t width = 0;   // D of the timestamp embeddings
  std::vector<float> timestamp_embeddings;  // T x D, row-major
  std::vector<float> timestamps_ms;         // T
  std::vector<float> scene;                 // scene embedding (its own width)
};

class ClipEmbedder {
 public:
  virtual ~ClipEmbedder() = default;
  virtual int sample_rate() const = 0;
  // The model's input channels (1, 2 or 7), for the channel-policy line; 0 for embedders that take
  // any channel count as it is (the log-mel baseline).
  virtual int model_channels() const { return 0; }
  // Clips are at sample_rate(); `names` name them in errors. Returns one result per clip.
  virtual std::vector<ClipEmbedding> embed_many(const std::vector<audio::AudioBuffer>& clips,
                                                const std::vector<std::string>& names,
                                                const ProgressSink& progress) = 0;

  // A layer sweep (evaluate --layers): the encoder's blocks, and [layer][clip] embeddings after each
  // of `layers` blocks from one forward pass. Embedders without encoder blocks refuse.
  virtual int encoder_depth() const { return 0; }
  virtual std::vector<std::vector<ClipEmbedding>> embed_many_at_layers(const std::vector<int>& layers,
                                                                       const std::vector<audio::AudioBuffer>& clips,
                                                                       const std::vector<std::string>& names,
                                                                       const ProgressSink& progress) {
    throw Error("this embedder has no encoder layers to sweep");
  }
};

}  // namespace gramt::eval::tasks

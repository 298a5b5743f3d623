#pragma once
// The log-mel baseline: a built-in feature "model" for the benchmark's baseline row. No weights:
// per channel, the mean and the standard deviation of each of the 128 log-mel bands (the HEAR path's
// front end) over a window of frames. Timestamp embeddings: a 240-ms window every 80 ms (the raw
// strategy's frame rate); scene embedding: the same statistics over the whole clip. Whatever a
// pretrained model scores above this row it learned beyond the spectrum's average shape and spread
// (for two-ear clips that includes the level difference per band).
#include <string>
#include <vector>

#include "core/eval/tasks/clip_embedder.h"
#include "core/features/log_mel.h"

namespace gramt::eval::tasks {

struct LogMelBaselineOptions {
  int sample_rate = 32000;  // the benchmark's rate; the features are defined at this rate only
  int window_frames = 24;   // 10-ms frames per timestamp window
  int hop_frames = 8;       // frames between timestamps
};

class LogMelClipEmbedder : public ClipEmbedder {
 public:
  explicit LogMelClipEmbedder(LogMelBaselineOptions options = {});

  int sample_rate() const override { return options_.sample_rate; }
  // Clips must be at sample_rate() (gramt::Error naming the clip otherwise); any channel count.
  std::vector<ClipEmbedding> embed_many(const std::vector<audio::AudioBuffer>& clips,
                                        const std::vector<std::string>& names,
                                        const ProgressSink& progress) override;

 private:
  LogMelBaselineOptions options_;
  features::LogMel logmel_;
};

// The baseline's folder name under the embeddings root.
constexpr const char* kLogMelBaselineTag = "baseline-logmel";

// A baseline compares tasks at one rate: throws gramt::Error naming every task in `task_names`
// (folders of tasks_dir; empty = all) that has no audio at `sample_rate`, instead of resampling
// some tasks and silently comparing rows made at different rates.
void require_tasks_at_rate(const std::string& tasks_dir, const std::vector<std::string>& task_names, int sample_rate,
                           const std::string& who);

}  // namespace gramt::eval::tasks

#pragma once
// Shared by the task-folder, embedding-runner and task-maker tests: temporary folders, tiny
// hand-written HEAR task folders, and a fake embedder whose output is predictable from the clip.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/tasks/clip_embedder.h"

namespace gramt::eval::tasks::testing {

// A fresh empty folder under the system temp dir, removed by the destructor.
class ScratchFolder {
 public:
  explicit ScratchFolder(const std::string& tag);
  ~ScratchFolder();
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const;

 private:
  std::string path_;
};

void write_text_file(const std::string& path, const std::string& text);
std::string read_text_file(const std::string& path);

// A mono PCM16 WAV of `seconds` at `rate` whose first sample encodes `marker` (the fake embedder
// reads it back), the rest a quiet tone.
void write_marked_wav(const std::string& path, int rate, double seconds, int marker, int channels = 1);

// A small scene multiclass task: splits train/valid/test, 2 files each, labels from {"dog", "cat"},
// audio at `rate`. Files are named <split>_<i>.wav; the marker of a file is its running number.
void make_scene_task(const std::string& task_dir, int rate = 16000);
// The same kind of task at another size: `files[s]` clips of `seconds` in train, valid and test.
void make_scene_task(const std::string& task_dir, int rate, const std::vector<int>& files, double seconds,
                     const std::string& task_name);

// A small event multilabel task (2 files per split, 1 s each, events in ms).
void make_event_task(const std::string& task_dir, int rate = 16000);

// Frames every 250 ms; the timestamp embedding of frame t of a clip with marker m is
// [m, t, m + 0.5, ...] (width 4); the scene embedding is [m, -m, 0.25].
class FakeEmbedder : public ClipEmbedder {
 public:
  explicit FakeEmbedder(int rate) : rate_(rate) {}
  int sample_rate() const override { return rate_; }
  std::vector<ClipEmbedding> embed_many(const std::vector<audio::AudioBuffer>& clips,
                                        const std::vector<std::string>& names, const ProgressSink& progress) override;
  int64_t calls = 0;
  int64_t clips_seen = 0;

 private:
  int rate_;
};

// The marker written by write_marked_wav, read back from decoded audio.
int marker_of(const audio::AudioBuffer& clip);

}  // namespace gramt::eval::tasks::testing

#include "app/cli/bench_full_size_tasks.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "app/cli/progress_bar.h"
#include "core/audio/audio_file.h"
#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/eval/format/task_folder_layout.h"
#include "core/io/json_file.h"
#include "core/eval/taskmaker/clip_tools.h"
#include "core/eval/taskmaker/external_tools.h"
#include "core/eval/taskmaker/recipes.h"
#include "core/eval/taskmaker/sound_renderer.h"
#include "core/eval/taskmaker/task_random.h"

namespace gramt::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using eval::taskmaker::Signal;
using eval::taskmaker::TaskRandom;

constexpr int kRate = 32000;
constexpr const char* kComplete = ".bench-task-complete";
const char* const kSplits[3] = {"train", "valid", "test"};

int split_of(int64_t i) { return i % 10 == 8 ? 1 : i % 10 == 9 ? 2 : 0; }

bool complete(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / kComplete, ec);
}

void start_over(const fs::path& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) throw Error(dir.string() + ": cannot create the bench task (" + ec.message() + ")");
}

void write_common(const fs::path& dir, const std::string& name, const std::string& type, const std::string& prediction,
                  double seconds, const Json& evaluation, const eval::taskmaker::NoiseBank& sounds) {
  const eval::format::TaskFolderLayout layout(dir.string());
  std::string vocabulary = "idx,label\n";
  for (size_t k = 0; k < sounds.names.size(); ++k) vocabulary += std::to_string(k) + "," + sounds.names[k] + "\n";
  write_file_atomically(layout.vocabulary_file(), vocabulary);
  Json metadata = {{"task_name", name},          {"version", "v1"},
                   {"embedding_type", type},     {"prediction_type", prediction},
                   {"split_mode", "trainvaltest"}, {"splits", {"train", "valid", "test"}},
                   {"sample_duration", seconds}, {"evaluation", evaluation}};
  if (type == "event")
    metadata["evaluation_params"] = {{"event_postprocessing_grid", {{"median_filter_ms", {250}}, {"min_duration", {125}}}}};
  write_file_atomically(layout.metadata_file(), metadata.dump(4));
}

// A stereo excerpt of a sound: the right ear a few samples late and a little quieter, so the two
// channels differ as a binaural model's input does.
audio::AudioBuffer stereo_excerpt(const Signal& sound, size_t length, TaskRandom& random) {
  const size_t offset = sound.size() > length + 32 ? random.below(sound.size() - length - 32) : 0;
  const size_t lag = random.below(24);
  const float gain = static_cast<float>(random.uniform(0.3, 0.9)), side = static_cast<float>(random.uniform(0.6, 1.0));
  audio::AudioBuffer clip;
  clip.sample_rate = kRate;
  clip.channels.assign(2, std::vector<float>(length, 0.0f));
  for (size_t i = 0; i < length; ++i) {
    if (offset + i < sound.size()) clip.channels[0][i] = gain * sound[offset + i];
    if (offset + i + lag < sound.size()) clip.channels[1][i] = gain * side * sound[offset + i + lag];
  }
  return clip;
}

void make_scene_task(const fs::path& dir, int64_t clips, const eval::taskmaker::NoiseBank& sounds) {
  start_over(dir);
  const eval::format::TaskFolderLayout layout(dir.string());
  for (const char* split : kSplits) fs::create_directories(layout.audio_dir(kRate, split));
  Json labels[3] = {Json::object(), Json::object(), Json::object()};
  TaskRandom random(20261207);
  ProgressBar bar("bench eval --full-size: writing " + std::to_string(clips) + " scene clips");
  for (int64_t i = 0; i < clips; ++i) {
    const size_t k = random.below(sounds.recordings.size());
    const std::string file = "clip_" + std::to_string(i) + ".wav";
    audio::write_wav(layout.audio_file(kRate, kSplits[split_of(i)], file), stereo_excerpt(sounds.recordings[k], kRate, random),
                     "pcm16");
    labels[split_of(i)][file] = Json::array({sounds.names[k]});
    if (i % 200 == 0) bar.draw(static_cast<double>(i) / static_cast<double>(clips), file);
  }
  bar.finish();
  for (int s = 0; s < 3; ++s) write_file_atomically(layout.split_labels_file(kSplits[s]), labels[s].dump());
  write_common(dir, "bench_scenes", "scene", "multiclass", 1.0, {"top1_acc"}, sounds);
  write_file_atomically((dir / kComplete).string(), "");
}

// The first `clips` clips of `full` (hard links: no second copy of the audio).
void make_scene_subset(const fs::path& dir, const fs::path& full, int64_t clips, const eval::taskmaker::NoiseBank& sounds) {
  start_over(dir);
  const eval::format::TaskFolderLayout from(full.string()), to(dir.string());
  Json labels[3] = {Json::object(), Json::object(), Json::object()};
  Json all[3];
  for (int s = 0; s < 3; ++s) {
    all[s] = io::read_ordered_json_file(from.split_labels_file(kSplits[s]), "split labels");
    fs::create_directories(to.audio_dir(kRate, kSplits[s]));
  }
  for (int64_t i = 0; i < clips; ++i) {
    const int s = split_of(i);
    const std::string file = "clip_" + std::to_string(i) + ".wav";
    std::error_code ec;
    fs::create_hard_link(from.audio_file(kRate, kSplits[s], file), to.audio_file(kRate, kSplits[s], file), ec);
    if (ec) fs::copy_file(from.audio_file(kRate, kSplits[s], file), to.audio_file(kRate, kSplits[s], file), ec);
    if (ec) throw Error(to.audio_file(kRate, kSplits[s], file) + ": cannot link or copy (" + ec.message() + ")");
    labels[s][file] = all[s].at(file);
  }
  for (int s = 0; s < 3; ++s) write_file_atomically(to.split_labels_file(kSplits[s]), labels[s].dump());
  write_common(dir, "bench_scenes_tenth", "scene", "multiclass", 1.0, {"top1_acc"}, sounds);
  write_file_atomically((dir / kComplete).string(), "");
}

void make_event_task(const fs::path& dir, int64_t clips, double seconds, const eval::taskmaker::NoiseBank& sounds) {
  start_over(dir);
  const eval::format::TaskFolderLayout layout(dir.string());
  for (const char* split : kSplits) fs::create_directories(layout.audio_dir(kRate, split));
  Json labels[3] = {Json::object(), Json::object(), Json::object()};
  TaskRandom random(71202026);
  const size_t length = static_cast<size_t>(seconds * kRate);
  ProgressBar bar("bench eval --full-size: writing " + std::to_string(clips) + " event clips");
  for (int64_t i = 0; i < clips; ++i) {
    // A quiet noise floor on both ears, then the events on top.
    audio::AudioBuffer clip = eval::taskmaker::seeded_white_noise(kRate, seconds, static_cast<uint32_t>(i + 1), 0.01f);
    clip.channels.resize(2, clip.channels[0]);
    for (auto& channel : clip.channels) channel.resize(length, 0.0f);
    Json events = Json::array();
    const int count = static_cast<int>(seconds / 6.0);  // an event every 6 s on average
    for (int e = 0; e < count; ++e) {
      const size_t k = random.below(sounds.recordings.size());
      const double start = random.uniform(0.0, seconds - 3.0), duration = random.uniform(0.5, 3.0);
      const size_t n = static_cast<size_t>(duration * kRate), at = static_cast<size_t>(start * kRate);
      const audio::AudioBuffer excerpt = stereo_excerpt(sounds.recordings[k], n, random);
      for (int c = 0; c < 2; ++c)
        for (size_t j = 0; j < n && at + j < length; ++j) clip.channels[static_cast<size_t>(c)][at + j] += excerpt.channels[static_cast<size_t>(c)][j];
      events.push_back({{"label", sounds.names[k]}, {"start", std::round(start * 1000.0)}, {"end", std::round((start + duration) * 1000.0)}});
    }
    eval::taskmaker::limit_peak(clip, 0.95);
    const std::string file = "long_" + std::to_string(i) + ".wav";
    audio::write_wav(layout.audio_file(kRate, kSplits[split_of(i)], file), clip, "pcm16");
    labels[split_of(i)][file] = events;
    bar.draw(static_cast<double>(i + 1) / static_cast<double>(clips), file);
  }
  bar.finish();
  for (int s = 0; s < 3; ++s) write_file_atomically(layout.split_labels_file(kSplits[s]), labels[s].dump());
  write_common(dir, "bench_events", "event", "multilabel", seconds, {"event_onset_200ms_fms", "segment_1s_er"}, sounds);
  write_file_atomically((dir / kComplete).string(), "");
}

}  // namespace

FullSizeTaskNames make_full_size_tasks(const std::string& tasks_dir, int64_t scene_clips, int64_t event_clips,
                                       double event_seconds) {
  if (scene_clips < 30) throw Error("--full-size-clips must be at least 30");
  if (event_clips < 10) throw Error("--full-size-event-clips must be at least 10");
  if (event_seconds < 10.0) throw Error("--full-size-event-seconds must be at least 10");
  FullSizeTaskNames names;
  names.scenes_full = "bench_scenes-" + std::to_string(scene_clips);
  names.scenes_tenth = "bench_scenes-" + std::to_string(scene_clips / 10);
  names.events = "bench_events-" + std::to_string(event_clips) + "x" + std::to_string(static_cast<int>(event_seconds)) + "s";
  const fs::path root(tasks_dir);
  if (complete(root / names.scenes_full) && complete(root / names.scenes_tenth) && complete(root / names.events)) return names;

  // The packaged sounds: fluidsynth's General-MIDI sound effects, 20 s of each.
  eval::taskmaker::require_program("fluidsynth", "fluidsynth");
  const std::string work = (root / (".sounds-" + std::to_string(::getpid()))).string();
  eval::taskmaker::SoundRenderer renderer(work, kRate, false, true);
  const eval::taskmaker::NoiseBank sounds = eval::taskmaker::render_noise_bank(renderer, 20.0);
  std::error_code ec;
  fs::remove_all(work, ec);
  if (!complete(root / names.scenes_full)) make_scene_task(root / names.scenes_full, scene_clips, sounds);
  if (!complete(root / names.scenes_tenth)) make_scene_subset(root / names.scenes_tenth, root / names.scenes_full, scene_clips / 10, sounds);
  if (!complete(root / names.events)) make_event_task(root / names.events, event_clips, event_seconds, sounds);
  return names;
}

}  // namespace gramt::cli

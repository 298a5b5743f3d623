#pragma once
// `gramt-cli make-tasks`: builds the mini-HEAR benchmark (spec/data-sources.md §4) as HEAR task
// folders at 32 kHz, from sound material that Debian packages install (espeak-ng voices, the
// FluidR3 General-MIDI SoundFont through fluidsynth, MIT KEMAR HRIRs through libmysofa):
//   mini_keywords, mini_pitch, mini_instruments, mini_events  (dry, mono)
//   their *_binaural versions                                   (Nat-HEAR style)
//   mini_localization                                           (binaural, direction labels)
//   *_foa versions of the spatial tasks                         (first-order ambisonics, AmbiX;
//                                                                with `ambisonic` or by name)
// Deterministic from the seed; a task folder that already exists is kept (resume).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/common/progress.h"

namespace gramt::eval::taskmaker {

struct MakeTasksParams {
  std::string out_dir;
  uint64_t seed = 42;
  std::string size = "small";     // small | medium | tiny
  std::vector<std::string> only;  // task names (e.g. "mini_pitch"); empty = all (FOA ones only with `ambisonic`)
  bool ambisonic = false;         // also the first-order ambisonic versions (*_foa) of the spatial tasks
  std::function<void(const std::string& line)> log;
};

struct MadeTask {
  std::string task_name;
  std::string folder;  // the task folder
  bool skipped = false;  // it existed already
  size_t clips = 0;
  double seconds = 0.0;
};

// Every task name make_tasks knows, in build order.
std::vector<std::string> task_recipe_names();

// Checks the tools first (gramt::Error naming the Debian package when one is missing), then builds
// each task into a temporary folder renamed into place when complete.
std::vector<MadeTask> make_tasks(const MakeTasksParams& params, const ProgressSink& progress);

}  // namespace gramt::eval::taskmaker

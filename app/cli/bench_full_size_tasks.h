#pragma once
// The tasks of `bench eval --full-size`, made once from the packaged sounds (General-MIDI sound
// effects rendered by fluidsynth) and kept in a cache folder: HEAR scene tasks of 1-s stereo clips
// at 32 kHz (the full size and a tenth of it, the smaller one hard-linking the larger one's first
// clips) and an event task of long stereo clips. A folder is complete when its marker is there, so
// an interrupted generation starts that folder over.
#include <cstdint>
#include <string>

namespace gramt::cli {

struct FullSizeTaskNames {
  std::string scenes_full, scenes_tenth, events;  // folder names inside the tasks folder
};

// Makes what is missing under `tasks_dir`: `scene_clips` scene clips (80/10/10 train/valid/test,
// one label per sound), a task of the first tenth of them, and `event_clips` event clips of
// `event_seconds` each. Returns the folder names.
FullSizeTaskNames make_full_size_tasks(const std::string& tasks_dir, int64_t scene_clips, int64_t event_clips,
                                       double event_seconds);

}  // namespace gramt::cli

#pragma once
// The facts a task folder records for one of its audio files, found from the file's path alone, so
// a viewer given any clip (Inspect) can say what scene it is: the file is
// <task folder>/<sample rate>/<split>/<file> and its facts are the <file> entry of
// <task folder>/<split>.clip-metadata.json (clip_metadata.h).
#include <optional>
#include <string>

#include "core/eval/format/clip_metadata.h"

namespace gramt::eval::format {

struct TaskAudioFilePlace {
  std::string task_dir;
  int sample_rate = 0;
  std::string split;
  std::string file;
};

// Where `audio_path` sits in a task folder; nullopt when it is not <task folder>/<rate>/<split>/<file>.
std::optional<TaskAudioFilePlace> place_in_task_folder(const std::string& audio_path);

// nullopt when the file is not in a task folder, its split has no clip metadata, or the metadata has
// no entry for it. Throws gramt::Error for a clip metadata file that cannot be read or parsed.
std::optional<ClipFacts> clip_facts_of_audio_file(const std::string& audio_path);

}  // namespace gramt::eval::format

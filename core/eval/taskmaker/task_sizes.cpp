#include "core/eval/taskmaker/task_sizes.h"

#include "core/common/error.h"

namespace gramt::eval::taskmaker {

TaskSizes task_sizes(const std::string& name) {
  TaskSizes s;
  s.name = name;
  if (name == "small") return s;
  if (name == "tiny") {
    s.keyword_words = 3;
    s.keyword_train_voices = s.keyword_valid_voices = s.keyword_test_voices = 1;
    s.pitch_keys = 4;
    s.pitch_lowest_key = 60;
    s.pitch_train_per_key = s.pitch_valid_per_key = s.pitch_test_per_key = 1;
    s.instrument_families = 3;
    s.instrument_notes_per_fold = 1;
    s.event_train_scenes = 3;
    s.event_valid_scenes = s.event_test_scenes = 2;
    s.event_scene_seconds = 2.0;
    s.localization_train = 4;
    s.localization_valid = s.localization_test = 3;
    return s;
  }
  throw Error("--size '" + name + "': expected small or tiny");
}

}  // namespace gramt::eval::taskmaker

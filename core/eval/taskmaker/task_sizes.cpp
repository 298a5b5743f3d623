#include "core/eval/taskmaker/task_sizes.h"

#include "core/common/error.h"

namespace gramt::eval::taskmaker {

TaskSizes task_sizes(const std::string& name) {
  TaskSizes s;
  s.name = name;
  if (name == "small") return s;
  if (name == "medium") {
    // The statistics size of the mini benchmark: valid and test splits two to three times small's, so
    // one test clip moves a score by about 1 point instead of 3 and the grid's choice (made on the
    // valid split) varies less between seeds; the training splits grow less, which keeps the probes'
    // training time (most of an evaluation) close to small's.
    s.keyword_train_voices = 8;
    s.keyword_valid_voices = 6;
    s.keyword_test_voices = 9;
    s.pitch_train_per_key = 3;
    s.pitch_valid_per_key = 2;
    s.pitch_test_per_key = 4;
    s.instrument_notes_per_fold = 8;
    s.localization_train = 90;
    s.localization_valid = 60;
    s.localization_test = 90;
    return s;
  }
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
  throw Error("--size '" + name + "': expected small, medium or tiny");
}

}  // namespace gramt::eval::taskmaker

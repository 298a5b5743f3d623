#pragma once
// How big each generated task is. "small" is the benchmark (30-60 clips per split: embedding plus a
// fast grid over all tasks takes minutes on two cores with a demo-size model); "medium" has larger
// valid and test splits for seed-stable comparisons; "tiny" is for tests.
#include <string>

namespace gramt::eval::taskmaker {

struct TaskSizes {
  std::string name;
  // keywords: words x voices per split
  int keyword_words = 10;
  int keyword_train_voices = 5, keyword_valid_voices = 3, keyword_test_voices = 3;
  // pitch: consecutive MIDI keys from pitch_lowest_key; notes per key per split
  int pitch_keys = 24;
  int pitch_lowest_key = 48;
  int pitch_train_per_key = 2, pitch_valid_per_key = 1, pitch_test_per_key = 2;
  // instruments: families x notes per family in each of 3 folds
  int instrument_families = 8;
  int instrument_notes_per_fold = 5;
  // events: scenes per split and their length
  int event_train_scenes = 40, event_valid_scenes = 20, event_test_scenes = 20;
  double event_scene_seconds = 4.0;
  // localization: clips per split
  int localization_train = 60, localization_valid = 30, localization_test = 30;
};

// "small", "medium" or "tiny"; throws gramt::Error naming the valid presets otherwise.
TaskSizes task_sizes(const std::string& name);

}  // namespace gramt::eval::taskmaker

#include <algorithm>

#include "core/common/error.h"
#include "core/eval/taskmaker/recipes.h"

namespace gramt::eval::taskmaker {

namespace {

// One General-MIDI family: a different program in each fold, and a comfortable key range.
struct Family {
  const char* label;
  int programs[3];
  int lowest_key, highest_key;
};

const std::vector<Family> kFamilies = {
    {"piano", {0, 1, 4}, 48, 76},     {"organ", {16, 19, 21}, 48, 76},   {"guitar", {24, 25, 26}, 45, 72},
    {"bass", {32, 33, 34}, 28, 52},   {"strings", {40, 41, 42}, 48, 76}, {"brass", {56, 57, 60}, 48, 72},
    {"reed", {65, 68, 71}, 52, 76},   {"pipe", {72, 73, 74}, 60, 84},
};

}  // namespace

TaskSpec make_instrument_task(RecipeContext& c) {
  const TaskSizes& s = c.sizes;
  const int rate = c.renderer.sample_rate();
  if (s.instrument_families < 2 || s.instrument_families > static_cast<int>(kFamilies.size()))
    throw Error("instrument task: between 2 and " + std::to_string(kFamilies.size()) + " families");
  TaskSpec task;
  task.task_name = "mini_instruments";
  task.mode = s.name;
  task.split_mode = "new_split_kfold";
  task.splits = {"fold00", "fold01", "fold02"};
  task.sample_duration = 1.0;
  task.evaluation = {"top1_acc", "mAP", "d_prime", "aucroc"};
  task.description = "Instrument family of single General-MIDI notes (1-s clips); three folds, each family played "
                     "by a different SoundFont program in each fold.";
  task.sources = {fluidr3_source()};
  std::vector<Family> families(kFamilies.begin(), kFamilies.begin() + s.instrument_families);
  std::vector<std::string> labels;
  for (const Family& f : families) labels.push_back(f.label);
  std::sort(labels.begin(), labels.end());
  for (const auto& l : labels) task.vocabulary.emplace_back(l);

  struct Planned {
    int fold;
    const Family* family;
    int program, key, velocity, index;
  };
  std::vector<Planned> plan;
  for (int fold = 0; fold < 3; ++fold)
    for (const Family& f : families)
      for (int n = 0; n < s.instrument_notes_per_fold; ++n)
        plan.push_back({fold, &f, f.programs[fold], static_cast<int>(c.random.integer(f.lowest_key, f.highest_key)),
                        static_cast<int>(c.random.integer(70, 120)), n});
  std::vector<std::vector<MidiNote>> groups;
  for (const Planned& p : plan) groups.push_back({MidiNote{0.0, 0.8, 0, p.program, p.key, p.velocity}});
  const std::vector<Signal> rendered = c.renderer.play(groups, std::vector<double>(groups.size(), 1.0));
  for (size_t i = 0; i < plan.size(); ++i) {
    const Planned& p = plan[i];
    Signal clip = rendered[i];
    if (peak(clip) <= 1e-4) throw Error("fluidsynth rendered silence for program " + std::to_string(p.program));
    apply_fades(clip, 0, static_cast<size_t>(rate / 100));
    const double level = c.random.uniform(0.3, 0.8);
    scale_to_peak(clip, level);
    TaskClip out;
    out.split = task.splits[static_cast<size_t>(p.fold)];
    out.file = std::string(p.family->label) + "_program" + std::to_string(p.program) + "_key" + std::to_string(p.key) +
               "_" + std::to_string(p.index) + ".wav";
    out.audio = mono_buffer(std::move(clip), rate);
    out.labels = nlohmann::ordered_json::array({p.family->label});
    out.origin = {"fluid-soundfont-gm",
                  "FluidR3_GM program " + std::to_string(p.program) + " key " + std::to_string(p.key) + " velocity " +
                      std::to_string(p.velocity),
                  "MIT", "fluidsynth render at 32 kHz, mono mixdown, peak " + std::to_string(level).substr(0, 4)};
    task.clips.push_back(std::move(out));
  }
  return task;
}

}  // namespace gramt::eval::taskmaker

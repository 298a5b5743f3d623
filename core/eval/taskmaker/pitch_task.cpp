#include "core/common/error.h"
#include "core/eval/taskmaker/recipes.h"

namespace gramt::eval::taskmaker {

namespace {

struct Program {
  int number;
  const char* name;
};

// Pitched General-MIDI programs, a different set per split.
const std::vector<Program> kTrainPrograms = {{0, "acoustic grand piano"}, {24, "nylon guitar"}, {40, "violin"},
                                             {56, "trumpet"}};
const std::vector<Program> kValidPrograms = {{4, "electric piano 1"}, {73, "flute"}};
const std::vector<Program> kTestPrograms = {{11, "vibraphone"}, {65, "alto sax"}, {19, "church organ"}};

}  // namespace

TaskSpec make_pitch_task(RecipeContext& c) {
  const TaskSizes& s = c.sizes;
  const int rate = c.renderer.sample_rate();
  if (s.pitch_keys < 2 || s.pitch_lowest_key < 21 || s.pitch_lowest_key + s.pitch_keys > 109)
    throw Error("pitch task: keys must lie within MIDI 21-108");
  TaskSpec task;
  task.task_name = "mini_pitch";
  task.mode = s.name;
  task.sample_duration = 1.0;
  task.evaluation = {"pitch_acc", "chroma_acc"};
  task.description = "Pitch (MIDI key) of single General-MIDI notes, 0.75 s held in a 1-s clip; integer labels as "
                     "in NSynth; each SoundFont program belongs to one split only.";
  task.sources = {fluidr3_source()};
  for (int k = 0; k < s.pitch_keys; ++k) task.vocabulary.emplace_back(s.pitch_lowest_key + k);

  struct Planned {
    std::string split;
    int key, replica;
    Program program;
    int velocity;
  };
  std::vector<Planned> plan;
  const struct {
    const char* split;
    const std::vector<Program>* programs;
    int per_key;
  } splits[] = {{"train", &kTrainPrograms, s.pitch_train_per_key},
                {"valid", &kValidPrograms, s.pitch_valid_per_key},
                {"test", &kTestPrograms, s.pitch_test_per_key}};
  for (const auto& sp : splits) {
    for (int k = 0; k < s.pitch_keys; ++k) {
      for (int r = 0; r < sp.per_key; ++r) {
        // Programs rotate over keys so that every program covers the whole range.
        const Program& p = (*sp.programs)[static_cast<size_t>(k + r * 7) % sp.programs->size()];
        plan.push_back({sp.split, s.pitch_lowest_key + k, r, p, static_cast<int>(c.random.integer(70, 120))});
      }
    }
  }
  std::vector<std::vector<MidiNote>> groups;
  for (const Planned& p : plan) groups.push_back({MidiNote{0.0, 0.75, 0, p.program.number, p.key, p.velocity}});
  const std::vector<Signal> rendered = c.renderer.play(groups, std::vector<double>(groups.size(), 1.0));
  for (size_t i = 0; i < plan.size(); ++i) {
    const Planned& p = plan[i];
    Signal clip = rendered[i];
    if (peak(clip) <= 1e-4) {
      throw Error("fluidsynth rendered silence for program " + std::to_string(p.program.number) + " key " +
                  std::to_string(p.key));
    }
    apply_fades(clip, 0, static_cast<size_t>(rate / 100));
    const double level = c.random.uniform(0.3, 0.8);
    scale_to_peak(clip, level);
    TaskClip out;
    out.split = p.split;
    out.file = std::to_string(p.key) + "_program" + std::to_string(p.program.number) + "_" + std::to_string(p.replica) + ".wav";
    out.audio = mono_buffer(std::move(clip), rate);
    out.labels = nlohmann::ordered_json::array({p.key});
    out.origin = {"fluid-soundfont-gm",
                  "FluidR3_GM program " + std::to_string(p.program.number) + " (" + p.program.name + ") key " +
                      std::to_string(p.key) + " velocity " + std::to_string(p.velocity),
                  "MIT", "fluidsynth render at 32 kHz, mono mixdown, peak " + std::to_string(level).substr(0, 4)};
    task.clips.push_back(std::move(out));
  }
  return task;
}

}  // namespace gramt::eval::taskmaker

#pragma once
// The mini-HEAR task recipes (spec/data-sources.md §4): each builds one task in memory from real
// sound material, deterministically from its generator. Splits never share a source (voice,
// SoundFont program, drum kit, room), so scores measure generalisation, not recall.
#include <string>

#include "core/eval/taskmaker/sound_renderer.h"
#include "core/eval/taskmaker/task_random.h"
#include "core/eval/taskmaker/task_sizes.h"
#include "core/eval/taskmaker/task_spec.h"
#include "core/scene/binaural_scene.h"
#include "core/scene/hrir_set.h"

namespace gramt::eval::taskmaker {

constexpr int kTaskSampleRate = 32000;
// MIT KEMAR HRIRs as libmysofa1 installs them: the head of every binaural scene the task makers render.
constexpr const char* kKemarSofa = "/usr/share/libmysofa/default.sofa";

struct RecipeContext {
  SoundRenderer& renderer;
  const TaskSizes& sizes;
  TaskRandom random;  // this task's own generator
};

// Spoken command words (speech_commands-like): scene, multiclass, voice-disjoint splits.
TaskSpec make_keyword_task(RecipeContext& context);
// Pitch of General-MIDI notes (nsynth_pitch-like): scene, multiclass over MIDI keys (integer
// labels, as NSynth's), program-disjoint splits, scored by pitch_acc / chroma_acc.
TaskSpec make_pitch_task(RecipeContext& context);
// Instrument family of General-MIDI notes: scene, multiclass, 3 program-disjoint folds
// (new_split_kfold).
TaskSpec make_instrument_task(RecipeContext& context);
// Sound events (speech, piano, bell, drum) mixed into GM sound-effect backgrounds with exact
// onsets/offsets (dcase2016_task2-like): event, multilabel, onset F-measure.
TaskSpec make_event_task(RecipeContext& context);

// Background / noise recordings (GM sound effects: seashore, rain, applause, helicopter), rendered
// once and shared by the event and spatial tasks.
struct NoiseBank {
  std::vector<Signal> recordings;
  std::vector<std::string> names;
};
NoiseBank render_noise_bank(SoundRenderer& renderer, double seconds_each);

// The Nat-HEAR version of a task: every clip rendered binaurally in a random shoebox room with
// KEMAR HRIRs and spatialised noise from the bank at an SNR of 5-25 dB; labels unchanged.
TaskSpec make_binaural_version(const TaskSpec& dry, const scene::HrirSet& hrirs, const NoiseBank& noise,
                               TaskRandom random);

// Binaural source localization: scene task, label = unit direction [x, y, z] (head frame: x front,
// y left, z up), for listen-eval-kit's cartesian-regression path; test rooms are held out.
TaskSpec make_localization_task(RecipeContext& context, const scene::HrirSet& hrirs, const NoiseBank& noise);

// File-name-safe form of a voice or label ("en-us+f3" -> "en-us-f3").
std::string file_safe(const std::string& text);

// The material sources every recipe cites.
MaterialSource espeak_source();
MaterialSource fluidr3_source();
MaterialSource kemar_source();

}  // namespace gramt::eval::taskmaker

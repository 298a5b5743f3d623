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

// How a spatial task is heard: through KEMAR's ears, or through a first-order ambisonic microphone
// (4 channels, AmbiX: ACN W, Y, Z, X with SN3D; the task metadata says "ambisonic_format": "ambix").
// The two versions of a task draw the same rooms, places, noises and SNRs from the same generator,
// so binaural and ambisonic models can be compared clip by clip.
enum class SpatialFormat { kBinaural, kAmbisonic };
// "_binaural" or "_foa": the suffix of the task names.
const char* spatial_suffix(SpatialFormat format);

// The Nat-HEAR version of a task: every clip rendered in a random shoebox room through `receiver`
// (KEMAR HRIRs, or HrirSet::first_order_ambisonics for kAmbisonic) with spatialised noise from the
// bank at an SNR of 5-25 dB; labels unchanged.
TaskSpec make_spatial_version(const TaskSpec& dry, const scene::HrirSet& receiver, const NoiseBank& noise,
                              TaskRandom random, SpatialFormat format = SpatialFormat::kBinaural);

// Source localization: scene task, label = unit direction [x, y, z] (head or microphone frame: x
// front, y left, z up), for listen-eval-kit's cartesian-regression path; test rooms are held out.
// `receiver` as above; the task is mini_localization or mini_localization_foa.
TaskSpec make_localization_task(RecipeContext& context, const scene::HrirSet& receiver, const NoiseBank& noise,
                                SpatialFormat format = SpatialFormat::kBinaural);

// File-name-safe form of a voice or label ("en-us+f3" -> "en-us-f3").
std::string file_safe(const std::string& text);

// The material sources every recipe cites.
MaterialSource espeak_source();
MaterialSource fluidr3_source();
MaterialSource kemar_source();

}  // namespace gramt::eval::taskmaker

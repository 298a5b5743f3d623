#pragma once
// Real sound material from Debian packages: speech from espeak-ng's voices and General-MIDI notes
// rendered by fluidsynth from the FluidR3 SoundFont (fluid-soundfont-gm). Every render goes
// through temporary files in a work folder and comes back as mono audio at the task rate.
#include <string>
#include <vector>

#include "core/eval/taskmaker/clip_tools.h"
#include "core/eval/taskmaker/midi_file.h"

namespace gramt::eval::taskmaker {

constexpr const char* kFluidSoundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

struct SpeechVoice {
  std::string voice;  // espeak-ng voice and variant, e.g. "en-us+f3"
  int pitch = 50;     // espeak-ng -p, 0-99
  int speed = 160;    // espeak-ng -s, words per minute
};

class SoundRenderer {
 public:
  // Checks the programs and data files first (gramt::Error naming the package to install).
  SoundRenderer(std::string work_dir, int sample_rate, bool need_speech, bool need_music);

  int sample_rate() const { return sample_rate_; }

  // One utterance, mono at the task rate, quiet ends trimmed.
  Signal speak(const std::string& text, const SpeechVoice& voice);

  // Renders groups of notes in one fluidsynth run: group g's notes are timed relative to the
  // group's start, and the result holds `lengths[g]` seconds from that start (mono).
  std::vector<Signal> play(const std::vector<std::vector<MidiNote>>& groups, const std::vector<double>& lengths);

 private:
  std::string work_dir_;
  int sample_rate_;
  int renders_ = 0;
};

}  // namespace gramt::eval::taskmaker

#pragma once
// A Standard MIDI File (format 0) holding timed notes, enough to have fluidsynth render them.
#include <string>
#include <vector>

namespace gramt::data {

struct MidiNote {
  int channel = 0;       // 0..15 (9 is the General MIDI drum channel)
  int program = 0;       // General MIDI program 0..127, set at the note's start
  int key = 60;          // MIDI note number
  int velocity = 100;    // 1..127
  double start = 0.0;    // seconds
  double duration = 1.0; // seconds
};

// The bytes of a .mid file that plays the notes (120 bpm, 480 ticks per quarter note).
std::string midi_file_bytes(const std::vector<MidiNote>& notes);

}  // namespace gramt::data

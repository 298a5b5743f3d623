#pragma once
// Standard MIDI files (format 0) holding separate notes, for fluidsynth to render General-MIDI
// instruments from a SoundFont. Times in seconds at a fixed tempo.
#include <string>
#include <vector>

namespace gramt::eval::taskmaker {

struct MidiNote {
  double start_seconds = 0.0;
  double duration_seconds = 0.5;
  int channel = 0;   // 0-15; channel 9 is General MIDI percussion (program = drum kit)
  int program = 0;   // 0-127, General MIDI numbering from 0
  int key = 60;      // 0-127, 60 = middle C
  int velocity = 100;
};

// The file bytes: one track with program changes where a channel's program changes, note on/off
// pairs, and the end of track at `end_seconds` (at least the last note-off), so the renderer
// keeps the release tails. Throws gramt::Error for out-of-range fields.
std::string encode_midi(const std::vector<MidiNote>& notes, double end_seconds);

}  // namespace gramt::eval::taskmaker

#include <cctype>

#include "core/eval/taskmaker/recipes.h"

namespace gramt::eval::taskmaker {

std::string file_safe(const std::string& text) {
  std::string out;
  for (const unsigned char c : text) out += std::isalnum(c) || c == '-' || c == '_' ? static_cast<char>(c) : '-';
  return out;
}

MaterialSource espeak_source() {
  return {"espeak-ng", "speech synthesised with espeak-ng's English voices and voice variants",
          "GPL-3.0-or-later (espeak-ng); the synthesised audio is program output"};
}

MaterialSource fluidr3_source() {
  return {"fluid-soundfont-gm, fluidsynth",
          "General-MIDI notes from FluidR3_GM.sf2 rendered by fluidsynth (no reverb, no chorus)",
          "MIT (FluidR3 GM SoundFont); fluidsynth LGPL-2.1-or-later"};
}

MaterialSource kemar_source() {
  return {"libmysofa1", "MIT KEMAR head-related impulse responses (/usr/share/libmysofa/default.sofa) in "
                        "simulated shoebox rooms (image sources + diffuse tail)",
          "MIT KEMAR: free use, cite Gardner & Martin (1994)"};
}

}  // namespace gramt::eval::taskmaker

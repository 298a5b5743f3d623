#include "core/eval/taskmaker/recipes.h"

namespace gramt::eval::taskmaker {

NoiseBank render_noise_bank(SoundRenderer& renderer, double seconds_each) {
  // General-MIDI sound effects held for the whole length: real recorded textures in FluidR3.
  const struct {
    int program;
    const char* name;
  } effects[] = {{122, "seashore"}, {96, "rain"}, {126, "applause"}, {125, "helicopter"}};
  std::vector<std::vector<MidiNote>> groups;
  NoiseBank bank;
  for (const auto& e : effects) {
    groups.push_back({MidiNote{0.0, seconds_each, 0, e.program, 60, 100}});
    bank.names.emplace_back(e.name);
  }
  bank.recordings = renderer.play(groups, std::vector<double>(groups.size(), seconds_each));
  for (Signal& s : bank.recordings) apply_fades(s, static_cast<size_t>(renderer.sample_rate() / 10), 0);
  return bank;
}

}  // namespace gramt::eval::taskmaker

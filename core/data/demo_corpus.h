#pragma once
// A small real-sound training corpus made on the spot from Debian packages, for configs/data/demo.yaml
// and for trying the training pipeline end to end without a download:
// * sources/speech: espeak-ng sentences in several voices and accents,
// * sources/music: melodies rendered by fluidsynth with the FluidR3 General MIDI sound font,
// * noise: espeak-ng babble (several voices at once), sound-font textures (seashore, applause,
//   helicopter) and synthesised backgrounds (rain, wind, pink, brown, hum).
// Nothing is stored in the project; the same seed and spec give the same corpus.
#include <cstdint>
#include <string>

namespace gramt::data {

// The `data.synthesize` section of configs/data/demo.yaml.
struct DemoCorpusSpec {
  int speech_clips = 24;
  int note_clips = 24;
  int noise_clips = 6;
  double seconds = 10.0;  // length of every clip and noise recording

  void validate() const;  // throws gramt::Error naming the field
};

struct DemoCorpus {
  std::string sources_folder;  // <folder>/sources (speech/ and music/ inside)
  std::string noise_folder;    // <folder>/noise
  int clips = 0;
  int noises = 0;
};

// Writes the corpus into `folder`, which must be missing, empty, or an earlier demo corpus (its
// sources/ and noise/ are replaced). Throws gramt::Error naming the Debian package of a missing
// tool (espeak-ng, fluidsynth, fluid-soundfont-gm) before writing anything, or a tool's failure.
DemoCorpus make_demo_corpus(const std::string& folder, uint64_t seed, const DemoCorpusSpec& spec = {});

// Reuses a complete earlier demo corpus in `folder` (same layout, files present), otherwise makes
// one as make_demo_corpus does. What a training run calls before reading the demo data.
DemoCorpus ensure_demo_corpus(const std::string& folder, uint64_t seed, const DemoCorpusSpec& spec = {});

// The sound font the music and textures are rendered with.
constexpr const char* kDemoSoundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

}  // namespace gramt::data

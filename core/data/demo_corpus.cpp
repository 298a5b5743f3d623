#include "core/data/demo_corpus.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

#include "core/audio/audio_file.h"
#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/data/clip_preparation.h"
#include "core/data/external_tool.h"
#include "core/data/midi_writer.h"
#include "core/data/random.h"
#include "core/data/synthetic_noise.h"

namespace fs = std::filesystem;

namespace gramt::data {
namespace {

constexpr const char* kMarker = ".gramt-demo-corpus";
constexpr int kRenderRate = 32000;

const std::vector<std::string> kWords{
    "yes",   "no",    "left",  "right", "up",     "down",   "stop",  "go",      "water", "music", "seven",
    "house", "bird",  "tree",  "happy", "morning", "river", "light", "window", "train", "green", "little",
    "under", "after", "north", "table", "sing",   "quiet",  "ocean", "summer", "paper", "garden"};
// Accents, voice variants and a few other languages reading the same words.
const std::vector<std::string> kVoices{"en-us",    "en-gb",         "en-gb-scotland", "en-029", "en-us+f3",
                                       "en-gb-x-rp+m3", "en-us+f5", "en-gb+m7",       "de+f2",  "fr+m4", "es"};

struct Instrument {
  int program;
  int lowest_key, highest_key;
  const char* name;
};
const std::vector<Instrument> kInstruments{{0, 48, 84, "piano"},  {11, 55, 84, "vibraphone"}, {19, 43, 79, "organ"},
                                          {24, 45, 76, "guitar"}, {33, 28, 55, "bass"},        {40, 55, 88, "violin"},
                                          {56, 55, 82, "trumpet"}, {73, 60, 93, "flute"}};

struct Texture {
  int program;
  int key;
  const char* name;
};
const std::vector<Texture> kTextures{{122, 60, "seashore"}, {126, 60, "applause"}, {125, 48, "helicopter"}};

// Noise kinds in the order a corpus takes them: variety first, then around again.
const std::vector<std::string> kNoiseKinds{"babble", "rain", "seashore", "wind",  "applause",
                                           "pink",   "helicopter", "hum", "brown"};

void require(bool ok, const std::string& field) {
  if (!ok) throw Error("data.synthesize." + field + " is out of range");
}

void prepare_folder(const fs::path& folder) {
  std::error_code ec;
  if (fs::exists(folder, ec)) {
    if (!fs::is_directory(folder, ec)) throw Error(folder.string() + " exists and is not a folder");
    const bool empty = fs::directory_iterator(folder) == fs::directory_iterator();
    if (!empty && !fs::exists(folder / kMarker))
      throw Error(folder.string() + " is not empty and holds no earlier demo corpus; choose another folder");
    fs::remove_all(folder / "sources");
    fs::remove_all(folder / "noise");
  }
  fs::create_directories(folder / "sources" / "speech");
  fs::create_directories(folder / "sources" / "music");
  fs::create_directories(folder / "noise");
  write_file_atomically((folder / kMarker).string(), std::string("written by make_demo_corpus\n"));
}

std::string file_safe(std::string s) {
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '-';
  return s;
}

template <class T>
const T& pick(const std::vector<T>& values, Rng& rng) {
  return values[static_cast<size_t>(rng.uniform_int(0, static_cast<int64_t>(values.size()) - 1))];
}

// About 2.5 words a second at espeak-ng's speeds.
std::string sentence(double seconds, Rng& rng) {
  const int words = std::max(1, static_cast<int>(std::lround(seconds * 2.5)));
  std::string out;
  for (int w = 0; w < words; ++w) out += (w ? " " : "") + pick(kWords, rng);
  return out;
}

audio::AudioBuffer speak(const std::string& voice, const std::string& text, const fs::path& path, Rng& rng) {
  run_tool({"espeak-ng", "-v", voice, "-p", std::to_string(rng.uniform_int(30, 70)), "-s",
            std::to_string(rng.uniform_int(140, 190)), "-w", path.string(), text},
           "espeak-ng");
  if (!fs::exists(path)) throw Error("espeak-ng wrote no file for voice " + voice);
  return audio::read_audio(path.string());
}

// Several voices talking at once, each at its own level and start.
audio::AudioBuffer babble(double seconds, const fs::path& work, Rng& rng) {
  const auto length = static_cast<size_t>(std::llround(seconds * kRenderRate));
  audio::AudioBuffer out;
  out.sample_rate = kRenderRate;
  out.channels.assign(1, std::vector<float>(length, 0.0f));
  const int talkers = static_cast<int>(rng.uniform_int(4, 6));
  for (int t = 0; t < talkers; ++t) {
    const auto tmp = work / "babble-voice.wav";
    auto voice = first_channel_at_rate(speak(pick(kVoices, rng), sentence(seconds, rng), tmp, rng), kRenderRate);
    fs::remove(tmp);
    normalise_rms(voice, -20.0 - rng.uniform(0.0, 6.0));
    const auto offset = static_cast<size_t>(rng.uniform_int(0, static_cast<int64_t>(length / 4)));
    for (size_t i = 0; i < voice.size() && i + offset < length; ++i) out.channels[0][i + offset] += voice[i];
  }
  return out;
}

audio::AudioBuffer render_midi(const std::vector<MidiNote>& notes, const fs::path& work) {
  const auto midi = work / "render.mid";
  const auto wav = work / "render.wav";
  write_file_atomically(midi.string(), midi_file_bytes(notes));
  run_tool({"fluidsynth", "-ni", "-q", "-R", "0", "-C", "0", "-g", "0.6", "-r", std::to_string(kRenderRate), "-F",
            wav.string(), kDemoSoundFont, midi.string()},
           "fluidsynth");
  if (!fs::exists(wav)) throw Error("fluidsynth wrote no audio for " + midi.string());
  auto rendered = audio::read_audio(wav.string());
  fs::remove(midi);
  fs::remove(wav);
  return rendered;
}

// Channel average of [start, start + seconds), zero-padded if the render ended earlier.
audio::AudioBuffer mono_slice(const audio::AudioBuffer& in, double start, double seconds) {
  audio::AudioBuffer out;
  out.sample_rate = in.sample_rate;
  const auto first = static_cast<int64_t>(std::llround(start * in.sample_rate));
  const auto length = static_cast<int64_t>(std::llround(seconds * in.sample_rate));
  out.channels.assign(1, std::vector<float>(static_cast<size_t>(length), 0.0f));
  for (const auto& channel : in.channels)
    for (int64_t i = 0; i < length && first + i < in.frames(); ++i)
      out.channels[0][static_cast<size_t>(i)] += channel[static_cast<size_t>(first + i)] / static_cast<float>(in.channel_count());
  return out;
}

// A melody filling `seconds` from `start`: notes of 0.25–1 s on a pentatonic walk.
void add_melody(std::vector<MidiNote>& notes, const Instrument& instrument, double start, double seconds, Rng& rng) {
  static const int kSteps[] = {0, 2, 4, 7, 9};
  int degree = static_cast<int>(rng.uniform_int(0, 9));
  const int base = instrument.lowest_key + static_cast<int>(rng.uniform_int(0, 11));
  for (double t = 0.0; t < seconds - 0.3;) {
    MidiNote note;
    note.program = instrument.program;
    note.key = std::clamp(base + 12 * (degree / 5) + kSteps[degree % 5], instrument.lowest_key, instrument.highest_key);
    note.velocity = static_cast<int>(rng.uniform_int(60, 120));
    note.start = start + t;
    note.duration = std::min(0.25 * static_cast<double>(rng.uniform_int(1, 4)), seconds - t);
    notes.push_back(note);
    t += note.duration;
    degree = std::clamp(degree + static_cast<int>(rng.uniform_int(-2, 2)), 0, 14);
  }
}

}  // namespace

void DemoCorpusSpec::validate() const {
  require(speech_clips >= 0 && speech_clips <= 10000, "speech_clips");
  require(note_clips >= 0 && note_clips <= 10000, "note_clips");
  require(noise_clips >= 0 && noise_clips <= 10000, "noise_clips");
  require(seconds > 0.0 && seconds <= 600.0, "seconds");
  if (speech_clips + note_clips == 0) throw Error("data.synthesize: speech_clips + note_clips must be at least 1");
}

DemoCorpus make_demo_corpus(const std::string& folder_name, uint64_t seed, const DemoCorpusSpec& spec) {
  spec.validate();
  // Every tool is checked first, so a missing one fails before anything is written.
  if (find_program("espeak-ng").empty()) throw Error("espeak-ng is not installed; install the Debian package espeak-ng");
  if (find_program("fluidsynth").empty())
    throw Error("fluidsynth is not installed; install the Debian package fluidsynth");
  if (!fs::exists(kDemoSoundFont))
    throw Error(std::string(kDemoSoundFont) + " is missing; install the Debian package fluid-soundfont-gm");

  const fs::path folder(folder_name);
  prepare_folder(folder);
  Rng rng(seed);
  DemoCorpus corpus;
  corpus.sources_folder = (folder / "sources").string();
  corpus.noise_folder = (folder / "noise").string();

  for (int i = 0; i < spec.speech_clips; ++i) {
    const auto& voice = kVoices[static_cast<size_t>(i) % kVoices.size()];
    const auto path = folder / "sources" / "speech" / ("speech" + std::to_string(i) + "_" + file_safe(voice) + ".wav");
    speak(voice, sentence(spec.seconds * 0.8, rng), path, rng);
    ++corpus.clips;
  }

  // One fluidsynth render holds every melody and texture, each in its own time slot.
  const double slot = spec.seconds + 1.0;  // a second for the release tail
  std::vector<MidiNote> notes;
  std::vector<std::string> melody_names;
  for (int i = 0; i < spec.note_clips; ++i) {
    const auto& instrument = kInstruments[static_cast<size_t>(i) % kInstruments.size()];
    add_melody(notes, instrument, i * slot, spec.seconds, rng);
    melody_names.push_back("melody" + std::to_string(i) + "_" + instrument.name);
  }
  std::vector<std::string> noise_kinds;
  for (int i = 0; i < spec.noise_clips; ++i) noise_kinds.push_back(kNoiseKinds[static_cast<size_t>(i) % kNoiseKinds.size()]);
  std::vector<std::pair<std::string, double>> texture_slots;  // noise file name, start in the render
  for (size_t i = 0; i < noise_kinds.size(); ++i)
    for (const auto& texture : kTextures)
      if (noise_kinds[i] == texture.name) {
        const double start = static_cast<double>(spec.note_clips + static_cast<int>(texture_slots.size())) * slot;
        notes.push_back({1, texture.program, texture.key, 100, start, spec.seconds});
        texture_slots.push_back({"noise" + std::to_string(i) + "_" + texture.name, start});
      }
  audio::AudioBuffer rendered;
  if (!notes.empty()) rendered = render_midi(notes, folder);
  for (size_t i = 0; i < melody_names.size(); ++i) {
    audio::write_wav((folder / "sources" / "music" / (melody_names[i] + ".wav")).string(),
                     mono_slice(rendered, static_cast<double>(i) * slot, spec.seconds));
    ++corpus.clips;
  }
  for (const auto& [name, start] : texture_slots) {
    audio::write_wav((folder / "noise" / (name + ".wav")).string(), mono_slice(rendered, start, spec.seconds));
    ++corpus.noises;
  }
  for (size_t i = 0; i < noise_kinds.size(); ++i) {
    const auto& kind = noise_kinds[i];
    const auto name = "noise" + std::to_string(i) + "_" + kind;
    if (kind == "babble") {
      audio::write_wav((folder / "noise" / (name + ".wav")).string(), babble(spec.seconds, folder, rng));
    } else if (std::find(synthetic_noise_kinds().begin(), synthetic_noise_kinds().end(), kind) !=
               synthetic_noise_kinds().end()) {
      audio::AudioBuffer noise;
      noise.sample_rate = kRenderRate;
      noise.channels.push_back(synthesise_noise(kind, kRenderRate, spec.seconds, rng));
      audio::write_wav((folder / "noise" / (name + ".wav")).string(), noise);
    } else {
      continue;  // a sound-font texture, written above
    }
    ++corpus.noises;
  }
  return corpus;
}

DemoCorpus ensure_demo_corpus(const std::string& folder_name, uint64_t seed, const DemoCorpusSpec& spec) {
  const fs::path folder(folder_name);
  auto count_wavs = [](const fs::path& dir) {
    int n = 0;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir, ec))
      if (entry.is_regular_file() && entry.path().extension() == ".wav") ++n;
    return n;
  };
  if (fs::exists(folder / kMarker)) {
    DemoCorpus corpus{(folder / "sources").string(), (folder / "noise").string(), count_wavs(folder / "sources"),
                      count_wavs(folder / "noise")};
    if (corpus.clips == spec.speech_clips + spec.note_clips && corpus.noises == spec.noise_clips) return corpus;
  }
  return make_demo_corpus(folder_name, seed, spec);
}

}  // namespace gramt::data

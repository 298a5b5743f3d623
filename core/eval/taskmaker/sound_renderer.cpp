#include "core/eval/taskmaker/sound_renderer.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/audio/audio_file.h"
#include "core/audio/resample.h"
#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/eval/taskmaker/external_tools.h"

namespace gramt::eval::taskmaker {

namespace fs = std::filesystem;

namespace {

void remove_quietly(const std::string& path) {
  std::error_code ec;
  fs::remove(path, ec);
}

// Silence between rendered groups, so that one group's release never reaches the next.
constexpr double kGroupGapSeconds = 1.5;

}  // namespace

SoundRenderer::SoundRenderer(std::string work_dir, int sample_rate, bool need_speech, bool need_music)
    : work_dir_(std::move(work_dir)), sample_rate_(sample_rate) {
  if (need_speech) require_program("espeak-ng", "espeak-ng");
  if (need_music) {
    require_program("fluidsynth", "fluidsynth");
    require_data_file(kFluidSoundFont, "fluid-soundfont-gm");
  }
  std::error_code ec;
  fs::create_directories(work_dir_, ec);
  if (ec) throw Error(work_dir_ + ": cannot create the work folder (" + ec.message() + ")");
}

Signal SoundRenderer::speak(const std::string& text, const SpeechVoice& voice) {
  const std::string wav = (fs::path(work_dir_) / ("speech-" + std::to_string(renders_++) + ".wav")).string();
  run_program({"espeak-ng", "-v", voice.voice, "-p", std::to_string(voice.pitch), "-s", std::to_string(voice.speed), "-w",
               wav, text},
              wav + ".log");
  audio::AudioBuffer a = audio::read_audio(wav);
  remove_quietly(wav);
  remove_quietly(wav + ".log");
  if (a.sample_rate != sample_rate_) a = audio::resample(a, sample_rate_);
  Signal s = trim_quiet_ends(mono_mixdown(a), sample_rate_, 40.0);
  if (s.empty()) throw Error("espeak-ng voice " + voice.voice + " produced silence for '" + text + "'");
  return s;
}

std::vector<Signal> SoundRenderer::play(const std::vector<std::vector<MidiNote>>& groups,
                                        const std::vector<double>& lengths) {
  if (groups.size() != lengths.size()) throw Error("fluidsynth render: one length per note group needed");
  std::vector<MidiNote> all;
  std::vector<double> starts;
  double t = 0.5;  // a little lead-in: the synthesiser starts cleanly
  for (size_t g = 0; g < groups.size(); ++g) {
    starts.push_back(t);
    double group_end = lengths[g];
    for (MidiNote n : groups[g]) {
      group_end = std::max(group_end, n.start_seconds + n.duration_seconds);
      n.start_seconds += t;
      all.push_back(n);
    }
    t += group_end + kGroupGapSeconds;
  }
  const std::string stem = (fs::path(work_dir_) / ("notes-" + std::to_string(renders_++))).string();
  write_file_atomically(stem + ".mid", encode_midi(all, t));
  // No reverb or chorus (dry sources; rooms are added later), float output (no dither noise, so
  // renders are bit-identical run to run), samples loaded on demand (the SoundFont is 148 MB).
  run_program({"fluidsynth", "-ni", "-q", "-R", "0", "-C", "0", "-g", "0.5", "-r", std::to_string(sample_rate_), "-T",
               "wav", "-O", "float", "-o", "synth.dynamic-sample-loading=1", "-F", stem + ".wav", kFluidSoundFont,
               stem + ".mid"},
              stem + ".log");
  audio::AudioBuffer rendered = audio::read_audio(stem + ".wav");
  remove_quietly(stem + ".wav");
  remove_quietly(stem + ".mid");
  remove_quietly(stem + ".log");
  if (rendered.sample_rate != sample_rate_) rendered = audio::resample(rendered, sample_rate_);
  const Signal mono = mono_mixdown(rendered);
  std::vector<Signal> out;
  for (size_t g = 0; g < groups.size(); ++g) {
    const auto begin = static_cast<size_t>(std::llround(starts[g] * sample_rate_));
    const auto length = static_cast<size_t>(std::llround(lengths[g] * sample_rate_));
    Signal s(length, 0.0f);
    for (size_t i = 0; i < length && begin + i < mono.size(); ++i) s[i] = mono[begin + i];
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace gramt::eval::taskmaker

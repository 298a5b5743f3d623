#include <gtest/gtest.h>

#include <cmath>

#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/data/clip_preparation.h"
#include "core/data/demo_corpus.h"
#include "core/data/external_tool.h"
#include "core/data/folder_source.h"
#include "core/data/midi_writer.h"
#include "core/data/synthetic_noise.h"
#include "fixtures.h"

namespace fs = std::filesystem;
using namespace gramt::data;

TEST(MidiWriter, WritesAFormat0FileWithTheNoteEvents) {
  const auto bytes = midi_file_bytes({{0, 40, 64, 100, 0.0, 1.0}, {1, 122, 60, 90, 0.5, 4.0}});
  ASSERT_GE(bytes.size(), 22u);
  EXPECT_EQ(bytes.substr(0, 4), "MThd");
  EXPECT_EQ(bytes.substr(14, 4), "MTrk");
  const uint32_t track_length = (static_cast<uint8_t>(bytes[18]) << 24) | (static_cast<uint8_t>(bytes[19]) << 16) |
                                (static_cast<uint8_t>(bytes[20]) << 8) | static_cast<uint8_t>(bytes[21]);
  EXPECT_EQ(track_length + 22, bytes.size());
  EXPECT_NE(bytes.find(std::string("\x90\x40\x64", 3)), std::string::npos);  // note on, key 64, velocity 100
  EXPECT_NE(bytes.find(std::string("\xC1\x7A", 2)), std::string::npos);      // program 122 on channel 1
  EXPECT_EQ(bytes.substr(bytes.size() - 3), std::string("\xFF\x2F\x00", 3));
  EXPECT_THROW(midi_file_bytes({{16, 0, 60, 100, 0.0, 1.0}}), gramt::Error);
}

TEST(SyntheticNoise, EveryKindIsReproducibleAndNotSilent) {
  for (const auto& kind : synthetic_noise_kinds()) {
    Rng a(4), b(4);
    const auto x = synthesise_noise(kind, 32000, 0.5, a);
    ASSERT_EQ(x.size(), 16000u);
    EXPECT_EQ(x, synthesise_noise(kind, 32000, 0.5, b)) << kind;
    EXPECT_GT(rms(x), 0.01) << kind;
  }
  Rng rng(1);
  EXPECT_THROW(synthesise_noise("thunder", 32000, 1.0, rng), gramt::Error);
}

TEST(ExternalTool, MissingProgramNamesItsDebianPackage) {
  try {
    run_tool({"gramt-surely-not-installed-tool"}, "gramt-made-up-package");
    FAIL();
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("gramt-made-up-package"), std::string::npos) << e.what();
  }
  EXPECT_THROW(run_tool({"false"}, "coreutils"), gramt::Error);
}

TEST(DemoCorpus, RendersSpeechMusicAndNoiseFolders) {
  if (find_program("espeak-ng").empty() || find_program("fluidsynth").empty() || !fs::exists(kDemoSoundFont))
    GTEST_SKIP() << "espeak-ng, fluidsynth or fluid-soundfont-gm not installed";
  const auto dir = gramt::test::fresh_dir("demo_corpus");
  DemoCorpusSpec spec;
  spec.speech_clips = 3;
  spec.note_clips = 3;
  spec.noise_clips = 5;  // babble, rain, seashore, wind, applause
  spec.seconds = 2.0;
  const auto corpus = make_demo_corpus((dir / "demo").string(), 5, spec);
  EXPECT_EQ(corpus.clips, 6);
  EXPECT_EQ(corpus.noises, 5);
  FolderSource clips(corpus.sources_folder), noise(corpus.noise_folder);
  ASSERT_EQ(clips.size(), corpus.clips);
  ASSERT_EQ(noise.size(), corpus.noises);
  EXPECT_NE(noise.paths()[0].find("babble"), std::string::npos);
  for (const auto& path : clips.paths()) {
    const auto audio = gramt::audio::read_audio(path);
    EXPECT_GT(rms(audio.channels[0]), 1e-3) << path;
    EXPECT_LT(audio.seconds(), 2.5) << path;
  }
  for (const auto& path : noise.paths()) {
    const auto audio = gramt::audio::read_audio(path);
    EXPECT_GT(rms(audio.channels[0]), 1e-3) << path;
    EXPECT_NEAR(audio.seconds(), 2.0, 0.01) << path;
  }

  // Same seed again into the same folder: replaced by the same files.
  // (Samples are compared, not bytes: WAV headers carry a time stamp.)
  const auto rain = gramt::audio::read_audio(noise.paths()[1]).channels;
  const auto speech = gramt::audio::read_audio(clips.paths().back()).channels;
  const auto again = make_demo_corpus((dir / "demo").string(), 5, spec);
  EXPECT_EQ(FolderSource(again.sources_folder).paths(), clips.paths());
  EXPECT_TRUE(gramt::audio::read_audio(noise.paths()[1]).channels == rain);
  EXPECT_TRUE(gramt::audio::read_audio(clips.paths().back()).channels == speech);

  gramt::test::write_bytes(dir / "other" / "thesis.txt", "keep me");
  EXPECT_THROW(make_demo_corpus((dir / "other").string(), 5, spec), gramt::Error);
  EXPECT_TRUE(fs::exists(dir / "other" / "thesis.txt"));
  spec.seconds = 0;
  EXPECT_THROW(make_demo_corpus((dir / "demo").string(), 5, spec), gramt::Error);
}

TEST(DemoCorpus, EnsureReusesACompleteCorpusAndRemakesAnIncompleteOne) {
  if (find_program("espeak-ng").empty() || find_program("fluidsynth").empty() || !fs::exists(kDemoSoundFont))
    GTEST_SKIP() << "espeak-ng, fluidsynth or fluid-soundfont-gm not installed";
  const auto dir = gramt::test::fresh_dir("demo_ensure") / "demo";
  DemoCorpusSpec spec;
  spec.speech_clips = 2;
  spec.note_clips = 0;  // no sound-font render: quick
  spec.noise_clips = 2;
  spec.seconds = 1.0;
  const auto first = ensure_demo_corpus(dir.string(), 3, spec);
  EXPECT_EQ(first.clips, 2);
  EXPECT_EQ(first.noises, 2);
  const auto speech = FolderSource(first.sources_folder).paths().front();
  const auto written = fs::last_write_time(speech);
  const auto reused = ensure_demo_corpus(dir.string(), 3, spec);
  EXPECT_EQ(reused.clips, 2);
  EXPECT_EQ(fs::last_write_time(speech), written);  // not made again
  fs::remove(speech);
  const auto remade = ensure_demo_corpus(dir.string(), 3, spec);
  EXPECT_EQ(remade.clips, 2);
  EXPECT_TRUE(fs::exists(speech));
}

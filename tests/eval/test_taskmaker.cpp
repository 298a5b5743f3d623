// The mini benchmark maker: MIDI files, seeded draws, and (where espeak-ng and fluidsynth are
// installed) tiny task folders that the task reader accepts, identical for identical seeds.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/eval/format/clip_metadata.h"
#include "core/eval/taskmaker/external_tools.h"
#include "core/eval/taskmaker/make_tasks.h"
#include "core/eval/taskmaker/midi_file.h"
#include "core/eval/taskmaker/task_sizes.h"
#include "core/eval/taskmaker/task_random.h"
#include "core/eval/tasks/task_folder.h"
#include "tasks_test_support.h"

namespace gramt::eval::taskmaker {
namespace {

namespace fs = std::filesystem;
using tasks::testing::read_text_file;
using tasks::testing::ScratchFolder;

bool sound_tools_installed() {
  return !find_program("espeak-ng").empty() && !find_program("fluidsynth").empty() &&
         fs::exists("/usr/share/sounds/sf2/FluidR3_GM.sf2") && fs::exists("/usr/share/libmysofa/default.sofa");
}

// Every file under `root` (relative path -> bytes).
std::map<std::string, std::string> snapshot(const std::string& root) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file()) files[fs::relative(e.path(), root).string()] = read_text_file(e.path().string());
  return files;
}

TEST(MidiFile, OneTrackWithProgramChangesNotesAndEnd) {
  const std::string midi = encode_midi({{0.0, 0.5, 0, 40, 69, 100}, {1.0, 0.25, 9, 0, 36, 90}}, 3.0);
  ASSERT_GE(midi.size(), 22u);
  EXPECT_EQ(midi.substr(0, 4), "MThd");
  EXPECT_EQ(midi.substr(8, 6), std::string("\x00\x00\x00\x01\x01\xE0", 6));  // format 0, 1 track, 480 tpq
  EXPECT_EQ(midi.substr(14, 4), "MTrk");
  const std::string track = midi.substr(22);
  EXPECT_NE(track.find(std::string("\x00\xC0\x28\x00\x90\x45\x64", 7)), std::string::npos);  // program 40, A4 on
  EXPECT_NE(track.find(std::string("\x83\x60\x80\x45\x00", 5)), std::string::npos);  // 480 ticks later: off
  EXPECT_NE(track.find(std::string("\xC9\x00\x00\x99\x24\x5A", 6)), std::string::npos);  // drum channel
  EXPECT_EQ(track.substr(track.size() - 3), std::string("\xFF\x2F\x00", 3));
  EXPECT_THROW(encode_midi({{0.0, 0.5, 16, 0, 60, 100}}, 1.0), Error);
  EXPECT_THROW(encode_midi({{0.0, 0.5, 0, 0, 128, 100}}, 1.0), Error);
}

TEST(TaskRandom, SeededForkedAndUnbiased) {
  TaskRandom a(42), b(42), c(43);
  const uint64_t first = a.bits();
  EXPECT_EQ(first, b.bits());
  EXPECT_NE(first, c.bits());
  const TaskRandom root(7);
  TaskRandom f1 = root.fork("x"), f2 = root.fork("x"), f3 = root.fork("y");
  EXPECT_EQ(f1.bits(), f2.bits());
  EXPECT_NE(root.fork("x").bits(), f3.bits());
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 3000; ++i) ++counts[a.below(3)];
  for (int k : counts) EXPECT_GT(k, 800);
  for (int i = 0; i < 100; ++i) {
    const double u = a.uniform(2.0, 3.0);
    EXPECT_GE(u, 2.0);
    EXPECT_LT(u, 3.0);
  }
}

TEST(ExternalTools, MissingProgramNamesThePackage) {
  try {
    require_program("gramt-no-such-program", "gramt-no-such-package");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("install the Debian package gramt-no-such-package"), std::string::npos);
  }
  try {
    require_data_file("/nonexistent/FluidR3_GM.sf2", "fluid-soundfont-gm");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("fluid-soundfont-gm"), std::string::npos);
  }
  ScratchFolder dir("tools");
  EXPECT_THROW(run_program({"sh", "-c", "echo broken >&2; exit 3"}, dir.file("log")), Error);
  EXPECT_NO_THROW(run_program({"sh", "-c", "exit 0"}, dir.file("log")));
}

TEST(MakeTasks, MissingToolStopsBeforeAnyWork) {
  ScratchFolder dir("maketasks-notools");
  const char* old_path = std::getenv("PATH");
  const std::string saved = old_path ? old_path : "";
  setenv("PATH", dir.path().c_str(), 1);  // nothing on PATH
  MakeTasksParams p;
  p.out_dir = dir.file("tasks");
  p.size = "tiny";
  try {
    make_tasks(p, {});
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("Debian package espeak-ng"), std::string::npos) << e.what();
  }
  setenv("PATH", saved.c_str(), 1);
  EXPECT_FALSE(fs::exists(dir.file("tasks")));
  p.only = {"mini_nothing"};
  EXPECT_THROW(make_tasks(p, {}), Error);
  p.only = {};
  p.size = "huge";
  EXPECT_THROW(make_tasks(p, {}), Error);
}

TEST(MakeTasks, MediumSizeEnlargesTheScoredSplitsMost) {
  // medium exists for seed-stable statistics: every valid and test split at least doubles, the
  // training splits grow less (probe training time), and the tasks keep their classes.
  const TaskSizes small = task_sizes("small"), medium = task_sizes("medium");
  EXPECT_EQ(medium.name, "medium");
  EXPECT_EQ(medium.keyword_words, small.keyword_words);
  EXPECT_EQ(medium.pitch_keys, small.pitch_keys);
  EXPECT_EQ(medium.instrument_families, small.instrument_families);
  EXPECT_GE(medium.keyword_test_voices, 2 * small.keyword_test_voices);
  EXPECT_GE(medium.keyword_valid_voices, 2 * small.keyword_valid_voices);
  EXPECT_GE(medium.pitch_test_per_key, 2 * small.pitch_test_per_key);
  EXPECT_GE(medium.pitch_valid_per_key, 2 * small.pitch_valid_per_key);
  EXPECT_GE(medium.localization_test, 3 * small.localization_test);
  EXPECT_GE(medium.localization_valid, 2 * small.localization_valid);
  EXPECT_LT(medium.keyword_train_voices, 2 * small.keyword_train_voices);
  EXPECT_LT(medium.localization_train, 2 * small.localization_train);
  // espeak-ng voices are dealt to the splits without overlap: 7 accents x 15 variants.
  EXPECT_LE(medium.keyword_train_voices + medium.keyword_valid_voices + medium.keyword_test_voices, 105);
  try {
    task_sizes("large");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("small, medium or tiny"), std::string::npos) << e.what();
  }
}

TEST(MakeTasks, TinyTasksAreValidAndDeterministic) {
  if (!sound_tools_installed()) GTEST_SKIP() << "espeak-ng, fluidsynth, fluid-soundfont-gm or libmysofa1 missing";
  ScratchFolder dir("maketasks");
  MakeTasksParams p;
  p.out_dir = dir.file("a");
  p.size = "tiny";
  p.seed = 7;
  p.ambisonic = true;  // every recipe, the FOA versions too
  const std::vector<MadeTask> made = make_tasks(p, {});
  ASSERT_EQ(made.size(), task_recipe_names().size());
  for (const MadeTask& m : made) {
    SCOPED_TRACE(m.task_name);
    EXPECT_FALSE(m.skipped);
    const tasks::TaskFolder t = tasks::read_task_folder(m.folder);
    EXPECT_EQ(t.metadata.task_name, m.task_name);
    EXPECT_EQ(t.sample_rates, std::vector<int>{32000});
    EXPECT_NO_THROW(tasks::check_task_audio(t, 32000));
    EXPECT_EQ(t.file_count(), m.clips);
    EXPECT_TRUE(fs::exists(m.folder + "/MANIFEST.tsv"));
    EXPECT_TRUE(t.metadata.raw.contains("sources"));
    const bool binaural = m.task_name.find("binaural") != std::string::npos || m.task_name == "mini_localization";
    const bool foa = m.task_name.size() > 4 && m.task_name.compare(m.task_name.size() - 4, 4, "_foa") == 0;
    const audio::AudioInfo info =
        audio::probe_audio(t.audio_path(32000, t.splits[0].split, t.splits[0].files[0].name));
    EXPECT_EQ(info.channels, foa ? 4 : binaural ? 2 : 1);
    EXPECT_EQ(t.metadata.raw.value("ambisonic_format", std::string()), foa ? "ambix" : "");
  }
  // Task-specific facts.
  const tasks::TaskFolder pitch = tasks::read_task_folder(dir.file("a/mini_pitch-v1-tiny"));
  EXPECT_EQ(pitch.vocabulary->labels, (std::vector<std::string>{"60", "61", "62", "63"}));
  EXPECT_TRUE(pitch.splits[0].files[0].labels[0].is_number_integer());  // NSynth-style integer labels
  const tasks::TaskFolder instruments = tasks::read_task_folder(dir.file("a/mini_instruments-v1-tiny"));
  EXPECT_EQ(instruments.metadata.split_mode, format::SplitMode::new_split_kfold);
  const tasks::TaskFolder events = tasks::read_task_folder(dir.file("a/mini_events-v1-tiny"));
  EXPECT_EQ(events.metadata.embedding_type, format::EmbeddingType::event);
  size_t event_count = 0;
  for (const auto& split : events.splits)
    for (const auto& f : split.files) {
      event_count += f.events.size();
      for (const auto& e : f.events) {
        EXPECT_GE(e.start_ms, 0.0);
        EXPECT_LE(e.end_ms, 2000.0 + 1e-6);
      }
    }
  EXPECT_GE(event_count, 7u);  // 1-3 events in each of 7 scenes
  const tasks::TaskFolder loc = tasks::read_task_folder(dir.file("a/mini_localization-v1-tiny"));
  EXPECT_TRUE(loc.metadata.is_localization());
  for (const auto& split : loc.splits)
    for (const auto& f : split.files) {
      const double x = f.labels[0], y = f.labels[1], z = f.labels[2];
      EXPECT_NEAR(x * x + y * y + z * z, 1.0, 1e-4);
    }
  // Facts to split localization results by, for every clip of every split.
  for (const auto& split : loc.splits) {
    const format::ClipMetadata facts =
        format::read_clip_metadata(loc.path + "/" + format::clip_metadata_filename(split.split));
    ASSERT_EQ(facts.size(), split.files.size()) << split.split;
    for (const auto& f : split.files) {
      const format::ClipFacts& c = facts.at(f.name);
      EXPECT_GE(c.numbers.at("snr_db"), 10.0);
      EXPECT_LE(c.numbers.at("snr_db"), 30.0);
      EXPECT_GT(c.numbers.at("rt60_s"), 0.0);
      EXPECT_EQ(c.labels.at("room_held_out"), split.split == "test" ? "true" : "false");
      EXPECT_TRUE(c.labels.at("source_class") == "speech" || c.labels.at("source_class") == "instrument");
    }
  }
  // The FOA versions hear the binaural ones' scenes: the same labels and clip facts, file for file.
  for (const std::string task : {"mini_localization", "mini_keywords_binaural"}) {
    const std::string twin = task == "mini_localization" ? "mini_localization_foa" : "mini_keywords_foa";
    for (const std::string split : {"train", "valid", "test"}) {
      EXPECT_EQ(read_text_file(dir.file("a/" + task + "-v1-tiny/" + split + ".json")),
                read_text_file(dir.file("a/" + twin + "-v1-tiny/" + split + ".json")));
      if (fs::exists(dir.file("a/" + task + "-v1-tiny/" + split + ".clip-metadata.json"))) {
        EXPECT_EQ(read_text_file(dir.file("a/" + task + "-v1-tiny/" + split + ".clip-metadata.json")),
                  read_text_file(dir.file("a/" + twin + "-v1-tiny/" + split + ".clip-metadata.json")));
      }
    }
  }
  for (const auto& e : fs::directory_iterator(dir.file("a")))
    EXPECT_NE(e.path().filename().string()[0], '.') << "work or temporary folder left behind";

  // Resume: a second run keeps every folder.
  const auto before = snapshot(dir.file("a"));
  for (const MadeTask& m : make_tasks(p, {})) EXPECT_TRUE(m.skipped) << m.task_name;
  EXPECT_EQ(snapshot(dir.file("a")), before);

  // Same seed, fresh folder: identical bytes (checked on two tasks to keep the test short).
  p.out_dir = dir.file("b");
  p.only = {"mini_keywords", "mini_pitch_binaural"};
  make_tasks(p, {});
  for (const char* task : {"mini_keywords-v1-tiny", "mini_pitch_binaural-v1-tiny"})
    EXPECT_EQ(snapshot(dir.file(std::string("b/") + task)), snapshot(dir.file(std::string("a/") + task))) << task;
  // Another seed: other clips.
  p.out_dir = dir.file("c");
  p.only = {"mini_keywords"};
  p.seed = 8;
  make_tasks(p, {});
  EXPECT_NE(snapshot(dir.file("c/mini_keywords-v1-tiny")), snapshot(dir.file("a/mini_keywords-v1-tiny")));
}

}  // namespace
}  // namespace gramt::eval::taskmaker

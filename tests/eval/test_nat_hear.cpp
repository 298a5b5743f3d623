// make-nat-hear on small HEAR task folders: the same scenes on every run and at every rate, the
// louder ear on the recorded side, a cancelled run finished by the next one exactly as an
// uninterrupted run, and bad input named.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/eval/format/clip_metadata.h"
#include "core/eval/taskmaker/clip_tools.h"
#include "core/eval/taskmaker/nat_hear.h"
#include "core/eval/tasks/task_folder.h"
#include "tasks_test_support.h"

namespace gramt::eval::taskmaker {
namespace {

namespace fs = std::filesystem;
using tasks::testing::read_text_file;
using tasks::testing::ScratchFolder;

// Every file below `dir` (relative path -> bytes).
std::map<std::string, std::string> tree(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) files[fs::relative(entry.path(), dir).string()] = read_text_file(entry.path().string());
  return files;
}

audio::AudioBuffer white_noise(int rate, double seconds, uint32_t state) { return seeded_white_noise(rate, seconds, state); }

// A task folder at 16 and 48 kHz and a folder with one noise recording. With `broadband`, every clip
// is white noise instead of the fixture's quiet tone: a pure tone in a room gives standing waves,
// not a level difference between the ears.
NatHearParams small_setup(const ScratchFolder& dir, bool broadband = false) {
  tasks::testing::make_scene_task(dir.file("tasks/tiny_scene-v1"), 16000);
  tasks::testing::make_scene_task(dir.file("tasks/tiny_scene-v1"), 48000);
  if (broadband) {
    uint32_t state = 7;
    for (const auto& entry : fs::recursive_directory_iterator(dir.file("tasks/tiny_scene-v1")))
      if (entry.path().extension() == ".wav") {
        const audio::AudioInfo info = audio::probe_audio(entry.path().string());
        audio::write_wav(entry.path().string(), white_noise(info.sample_rate, static_cast<double>(info.frames) / info.sample_rate, ++state), "pcm16");
      }
  }
  fs::create_directories(dir.file("noise"));
  audio::write_wav(dir.file("noise/hiss.wav"), white_noise(22050, 3.0, 12345));
  NatHearParams p;
  p.tasks_dir = dir.file("tasks");
  p.noise_dir = dir.file("noise");
  p.localization = NatHearLocalization::also;
  return p;
}

TEST(NatHear, SameScenesOnEveryRunAndAtEveryRate) {
  ScratchFolder dir("nat-hear-same");
  NatHearParams p = small_setup(dir);
  p.out_dir = dir.file("a");
  p.threads = 2;
  const NatHearSummary a = make_nat_hear(p, {});
  ASSERT_EQ(a.failures(), 0) << a.tasks.front().error;
  p.out_dir = dir.file("b");
  p.threads = 1;
  make_nat_hear(p, {});
  EXPECT_EQ(tree(dir.file("a")), tree(dir.file("b"))) << "byte-identical folders with 2 threads and with 1";

  const tasks::TaskFolder nat = tasks::read_task_folder(dir.file("a/tiny_scene-v1-nat"));
  EXPECT_EQ(nat.metadata.task_name, "tiny_scene-nat");
  EXPECT_EQ(nat.sample_rates, (std::vector<int>{16000, 48000}));
  EXPECT_EQ(nat.metadata.raw["naturalistic"]["generator"], "gramt-cli make-nat-hear");
  const tasks::TaskFolder dry = tasks::read_task_folder(dir.file("tasks/tiny_scene-v1"));
  EXPECT_EQ(read_text_file(dir.file("a/tiny_scene-v1-nat/test.json")), read_text_file(dir.file("tasks/tiny_scene-v1/test.json")));
  for (const auto& split : nat.splits) {
    const format::ClipMetadata facts = format::read_clip_metadata(dir.file("a/tiny_scene-v1-nat/" + split.split + ".clip-metadata.json"));
    for (const auto& file : split.files) {
      ASSERT_TRUE(facts.count(file.name)) << file.name;
      EXPECT_TRUE(facts.at(file.name).numbers.count("snr_db"));
      EXPECT_TRUE(facts.at(file.name).numbers.count("azimuth_deg"));
      for (int rate : {16000, 48000}) {
        const audio::AudioInfo out = audio::probe_audio(nat.audio_path(rate, split.split, file.name));
        const audio::AudioInfo in = audio::probe_audio(dry.audio_path(rate, split.split, file.name));
        EXPECT_EQ(out.channels, 2);
        EXPECT_EQ(out.frames, in.frames) << "the clip's own length at " << rate;
      }
    }
  }
  const tasks::TaskFolder loc = tasks::read_task_folder(dir.file("a/tiny_scene-v1-nat-loc"));
  EXPECT_EQ(loc.metadata.prediction_type_text, "cartesian-regression");
  for (const auto& split : loc.splits)
    for (const auto& file : split.files) {
      double norm = 0.0;
      for (const auto& v : file.labels) norm += v.get<double>() * v.get<double>();
      EXPECT_NEAR(std::sqrt(norm), 1.0, 1e-3) << file.name;
    }
}

// Lateral sources (more than 30 degrees off the median plane) are louder at the near ear; the
// SOFA convention has azimuth 90 on the left.
TEST(NatHear, TheLouderEarIsOnTheRecordedSide) {
  ScratchFolder dir("nat-hear-ild");
  NatHearParams p = small_setup(dir, /*broadband=*/true);
  p.localization = NatHearLocalization::off;
  p.snr_min_db = p.snr_max_db = 40.0;
  p.rt60_min_s = 0.2;
  p.rt60_max_s = 0.25;
  p.distance_min_m = 1.0;
  p.distance_max_m = 1.5;
  int checked = 0;
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    p.seed = seed;
    p.out_dir = dir.file("out-" + std::to_string(seed));
    make_nat_hear(p, {});
    const std::string task = p.out_dir + "/tiny_scene-v1-nat";
    for (const std::string split : {"train", "valid", "test"}) {
      const format::ClipMetadata facts = format::read_clip_metadata(task + "/" + split + ".clip-metadata.json");
      for (const auto& [file, f] : facts) {
        const double azimuth = f.numbers.at("azimuth_deg");
        const double lateral = std::sin(azimuth * M_PI / 180.0);  // + left, - right
        if (std::abs(lateral) < std::sin(30.0 * M_PI / 180.0)) continue;
        const audio::AudioBuffer a = audio::read_audio(task + "/16000/" + split + "/" + file);
        double left = 0.0, right = 0.0;
        for (size_t i = 0; i < a.channels[0].size(); ++i) left += a.channels[0][i] * a.channels[0][i], right += a.channels[1][i] * a.channels[1][i];
        EXPECT_EQ(left > right, lateral > 0) << file << " azimuth " << azimuth << " left " << left << " right " << right;
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 5) << "enough lateral sources to mean something";
}

TEST(NatHear, ACancelledRunIsFinishedByTheNextAsIfNeverStopped) {
  ScratchFolder dir("nat-hear-resume");
  NatHearParams p = small_setup(dir);
  p.out_dir = dir.file("whole");
  make_nat_hear(p, {});
  p.out_dir = dir.file("resumed");
  std::atomic<bool> stop{false};
  ProgressSink sink;
  int reports = 0;
  sink.on_progress = [&](double, const std::string&) {
    if (++reports == 3) stop = true;
  };
  sink.cancel = &stop;
  EXPECT_THROW(make_nat_hear(p, sink), Cancelled);
  EXPECT_FALSE(fs::exists(dir.file("resumed/tiny_scene-v1-nat/task_metadata.json"))) << "not a task folder yet";
  const NatHearSummary rest = make_nat_hear(p, {});
  EXPECT_GE(rest.tasks.front().reused, 3) << "the clips finished before the stop are kept";
  EXPECT_EQ(rest.tasks.front().reused + rest.tasks.front().rendered, 6);
  EXPECT_EQ(tree(dir.file("whole")), tree(dir.file("resumed")));
}

TEST(NatHear, BadInputIsNamed) {
  ScratchFolder dir("nat-hear-bad");
  NatHearParams p = small_setup(dir);
  p.out_dir = dir.file("tasks/inside");
  try {
    make_nat_hear(p, {});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("inside --tasks-dir"), std::string::npos) << e.what();
  }
  p.out_dir = dir.file("out");
  fs::create_directories(dir.file("empty"));
  p.noise_dir = dir.file("empty");
  try {
    make_nat_hear(p, {});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no audio in the noise folder"), std::string::npos) << e.what();
  }
  // A silent clip fails its task naming the file; with skip_bad_clips it is left out and listed.
  p.noise_dir = dir.file("noise");
  audio::AudioBuffer silence;
  silence.sample_rate = 48000;
  silence.channels.assign(1, std::vector<float>(24000, 0.0f));
  audio::write_wav(dir.file("tasks/tiny_scene-v1/48000/valid/valid_1.wav"), silence);
  const NatHearSummary failed = make_nat_hear(p, {});
  ASSERT_EQ(failed.failures(), 1);
  EXPECT_NE(failed.tasks.front().error.find("valid/valid_1.wav: silent"), std::string::npos) << failed.tasks.front().error;
  EXPECT_FALSE(fs::exists(dir.file("out/tiny_scene-v1-nat/task_metadata.json")));
  p.skip_bad_clips = true;
  const NatHearSummary skipped = make_nat_hear(p, {});
  ASSERT_EQ(skipped.failures(), 0);
  EXPECT_EQ(skipped.tasks.front().skipped, 1);
  EXPECT_NE(read_text_file(dir.file("out/tiny_scene-v1-nat/skipped.json")).find("valid_1.wav"), std::string::npos);
  const tasks::TaskFolder nat = tasks::read_task_folder(dir.file("out/tiny_scene-v1-nat"));
  EXPECT_EQ(nat.split("valid").files.size(), 1u);
}

}  // namespace
}  // namespace gramt::eval::taskmaker

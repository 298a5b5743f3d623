// make-nat-hear on small HEAR task folders: the same scenes on every run and at every rate, the
// louder ear on the recorded side, a cancelled run finished by the next one exactly as an
// uninterrupted run, and bad input named.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/analysis/foa_normalisation_check.h"
#include "core/analysis/binaural_cues.h"
#include "core/audio/ambisonic_format.h"
#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/eval/format/clip_metadata.h"
#include "core/eval/taskmaker/clip_tools.h"
#include "core/eval/taskmaker/nat_hear.h"
#include "core/eval/tasks/task_folder.h"
#include "tasks_test_support.h"
#include "../train_data/fixtures.h"

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

// The median interaural time difference of a clip by the project's cue analyser (positive: the
// right ear leads), over the frames where both ears have sound.
double median_itd_seconds(const audio::AudioBuffer& a) {
  analysis::BinauralCueSettings settings;
  settings.sample_rate = a.sample_rate;
  const analysis::BinauralCueAnalyser analyser(settings);
  const int64_t samples = static_cast<int64_t>(a.channels[0].size());
  analysis::StereoBlock block{a.channels[0].data(), a.channels[1].data(), 0, samples, samples};
  const analysis::BinauralCueFrames cues = analyser.analyse(block, 0, analyser.frame_count(samples));
  std::vector<float> itd;
  for (float v : cues.itd_seconds)
    if (std::isfinite(v)) itd.push_back(v);
  if (itd.empty()) return 0.0;
  std::nth_element(itd.begin(), itd.begin() + static_cast<std::ptrdiff_t>(itd.size() / 2), itd.end());
  return itd[itd.size() / 2];
}

// Lateral sources (more than 30 degrees off the median plane) are louder at the near ear, and
// reach it first; the SOFA convention has azimuth 90 on the left.
TEST(NatHear, TheLouderAndTheLeadingEarAreOnTheRecordedSide) {
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
        const audio::AudioBuffer a = audio::read_audio(task + "/48000/" + split + "/" + file);
        double left = 0.0, right = 0.0;
        for (size_t i = 0; i < a.channels[0].size(); ++i) left += a.channels[0][i] * a.channels[0][i], right += a.channels[1][i] * a.channels[1][i];
        EXPECT_EQ(left > right, lateral > 0) << file << " azimuth " << azimuth << " left " << left << " right " << right;
        const double itd = median_itd_seconds(a);
        EXPECT_NE(itd, 0.0) << file;
        EXPECT_EQ(itd < 0.0, lateral > 0) << file << " azimuth " << azimuth << " ITD " << itd * 1e6 << " us (> 0: right leads)";
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 5) << "enough lateral sources to mean something";
}

// --format foa: the same rooms, places and SNRs as the binaural version (identical clip facts), four
// AmbiX channels declared in the metadata, and the intensity vector of the written file pointing to
// the recorded side for lateral sources (as the louder ear does binaurally).
TEST(NatHear, TheAmbisonicVersionHearsTheSameScenesFromTheRecordedSide) {
  ScratchFolder dir("nat-hear-foa");
  NatHearParams p = small_setup(dir, /*broadband=*/true);
  p.snr_min_db = p.snr_max_db = 40.0;
  p.rt60_min_s = 0.2;
  p.rt60_max_s = 0.25;
  p.distance_min_m = 1.0;
  p.distance_max_m = 1.5;
  int checked = 0;
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    p.seed = seed;
    p.out_dir = dir.file("out-" + std::to_string(seed));
    p.ambisonic = false;
    ASSERT_EQ(make_nat_hear(p, {}).failures(), 0);
    p.ambisonic = true;
    ASSERT_EQ(make_nat_hear(p, {}).failures(), 0);
    const std::string binaural = p.out_dir + "/tiny_scene-v1-nat", foa = p.out_dir + "/tiny_scene-v1-nat-foa";
    ASSERT_TRUE(fs::exists(p.out_dir + "/tiny_scene-v1-nat-foa-loc/task_metadata.json"));
    const auto metadata = nlohmann::json::parse(read_text_file(foa + "/task_metadata.json"));
    EXPECT_EQ(metadata.at("ambisonic_format"), "ambix");
    EXPECT_EQ(metadata.at("task_name"), "tiny_scene-nat-foa");
    for (const std::string split : {"train", "valid", "test"}) {
      EXPECT_EQ(read_text_file(binaural + "/" + split + ".clip-metadata.json"),
                read_text_file(foa + "/" + split + ".clip-metadata.json"))
          << "the same scenes, seed " << seed;
      const format::ClipMetadata facts = format::read_clip_metadata(foa + "/" + split + ".clip-metadata.json");
      for (const auto& [file, f] : facts) {
        const audio::AudioBuffer a = audio::read_audio(foa + "/48000/" + split + "/" + file);
        ASSERT_EQ(a.channel_count(), 4);
        EXPECT_LT(analysis::foa_directional_energy_ratio(a.channels, audio::FoaFormat::kAmbiX), 1.5) << file;
        const double azimuth = f.numbers.at("azimuth_deg");
        const double lateral = std::sin(azimuth * M_PI / 180.0);
        if (std::abs(lateral) < std::sin(30.0 * M_PI / 180.0)) continue;
        double wy = 0.0;  // the left-right component of the active intensity (AmbiX: Y is channel 1)
        for (size_t i = 0; i < a.channels[0].size(); ++i) wy += a.channels[0][i] * a.channels[1][i];
        EXPECT_EQ(wy > 0.0, lateral > 0.0) << file << " azimuth " << azimuth;
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 5) << "enough lateral sources to mean something";
}

// The SNR measured on the written file (the source rendered apart, the rest is noise) is the one
// the clip's facts record; and the file is exactly the source plus the noise.
TEST(NatHear, TheWrittenMixHasTheRecordedSnr) {
  ScratchFolder dir("nat-hear-snr");
  NatHearParams p = small_setup(dir, /*broadband=*/true);
  tasks::testing::make_scene_task(dir.file("tasks/tiny_scene-v1"), 32000);  // the rendering rate: no resampling
  uint32_t state = 99;
  for (const auto& entry : fs::directory_iterator(dir.file("tasks/tiny_scene-v1/32000")))
    for (const auto& wav : fs::directory_iterator(entry.path())) {
      const audio::AudioInfo info = audio::probe_audio(wav.path().string());
      audio::write_wav(wav.path().string(), white_noise(32000, static_cast<double>(info.frames) / 32000, ++state), "pcm16");
    }
  p.localization = NatHearLocalization::off;
  p.out_dir = dir.file("out");
  ASSERT_EQ(make_nat_hear(p, {}).failures(), 0);
  int checked = 0;
  for (const std::string split : {"train", "valid", "test"}) {
    const format::ClipMetadata facts = format::read_clip_metadata(p.out_dir + "/tiny_scene-v1-nat/" + split + ".clip-metadata.json");
    for (const auto& [file, f] : facts) {
      const NatHearClipParts parts = render_nat_hear_clip(p, dir.file("tasks/tiny_scene-v1"), split, file);
      const audio::AudioBuffer written = audio::read_audio(p.out_dir + "/tiny_scene-v1-nat/32000/" + split + "/" + file);
      ASSERT_EQ(written.channel_count(), 2);
      double source_energy = 0.0, rest_energy = 0.0, worst = 0.0;
      for (size_t c = 0; c < 2; ++c)
        for (size_t i = 0; i < written.channels[c].size(); ++i) {
          const double s = parts.source.channels[c][i];
          const double rest = written.channels[c][i] - s;
          source_energy += s * s;
          rest_energy += rest * rest;
          worst = std::max(worst, std::abs(written.channels[c][i] - (s + parts.noise.channels[c][i])));
        }
      EXPECT_LT(worst, 2.0 / 32768.0) << file << ": the file is the source plus the noise, to 16-bit rounding";
      const double measured = 10.0 * std::log10(source_energy / rest_energy);
      EXPECT_NEAR(measured, f.numbers.at("snr_db"), 0.5) << split << "/" << file;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 6);
}

// Test rooms are never heard in training: train and valid share the seen rooms, test has its own;
// with one room per group that is one room for train and valid and another for test.
TEST(NatHear, TestRoomsAreHeldOut) {
  ScratchFolder dir("nat-hear-rooms");
  NatHearParams p = small_setup(dir);
  p.localization = NatHearLocalization::off;
  p.rooms_per_group = 1;
  const auto rooms_of = [&](const std::string& out) {
    std::map<std::string, std::set<std::string>> rooms;
    for (const std::string split : {"train", "valid", "test"}) {
      const nlohmann::json facts = nlohmann::json::parse(read_text_file(out + "/tiny_scene-v1-nat/" + split + ".clip-metadata.json"));
      for (const auto& [file, f] : facts.items()) {
        rooms[split].insert(f["room"].get<std::string>() + " " + std::to_string(f["rt60_s"].get<double>()));
        EXPECT_EQ(f["room_group"], split == "test" ? "test" : "seen") << file;
        EXPECT_EQ(f["room_held_out"], true) << file;
      }
    }
    return rooms;
  };
  p.out_dir = dir.file("held");
  make_nat_hear(p, {});
  auto rooms = rooms_of(p.out_dir);
  EXPECT_EQ(rooms["train"].size(), 1u);
  EXPECT_EQ(rooms["train"], rooms["valid"]);
  EXPECT_EQ(rooms["test"].size(), 1u);
  EXPECT_NE(rooms["test"], rooms["train"]);
  const nlohmann::json metadata = nlohmann::json::parse(read_text_file(p.out_dir + "/tiny_scene-v1-nat/task_metadata.json"));
  EXPECT_EQ(metadata["naturalistic"]["held_out_rooms"], true);

  p.held_out_rooms = false;
  p.out_dir = dir.file("shared");
  make_nat_hear(p, {});
  const nlohmann::json facts = nlohmann::json::parse(read_text_file(p.out_dir + "/tiny_scene-v1-nat/test.clip-metadata.json"));
  for (const auto& [file, f] : facts.items()) EXPECT_EQ(f["room_group"], "all") << file;
  const nlohmann::json train = nlohmann::json::parse(read_text_file(p.out_dir + "/tiny_scene-v1-nat/train.clip-metadata.json"));
  EXPECT_EQ(facts.begin().value()["room"], train.begin().value()["room"]) << "one room for every split";
}

// A response pair that is a pure delay and gain per ear: the louder, earlier ear is the one given.
std::vector<float> delayed_impulse(size_t taps, size_t delay, float gain) {
  std::vector<float> r(taps, 0.0f);
  r[delay] = gain;
  return r;
}

// Measured responses from a folder (sidecars with directions) and the reference's BRIR shards
// (no directions): the records are dealt to room groups, each record heard in one group only.
TEST(NatHear, RoomsFromAFolderAndFromShards) {
  ScratchFolder dir("nat-hear-records");
  NatHearParams p = small_setup(dir);
  p.localization = NatHearLocalization::also;
  fs::create_directories(dir.file("rirs"));
  std::vector<std::pair<std::string, std::string>> members;
  for (int r = 0; r < 4; ++r) {
    const bool left = r % 2 == 0;
    audio::AudioBuffer record;
    record.sample_rate = 32000;
    // source: from the left (90) or the right (270); one noise source behind.
    record.channels = {delayed_impulse(800, left ? 10 : 30, left ? 0.9f : 0.3f), delayed_impulse(800, left ? 30 : 10, left ? 0.3f : 0.9f),
                       delayed_impulse(800, 40, 0.5f), delayed_impulse(800, 40, 0.5f)};
    const std::string name = dir.file("rirs/room" + std::to_string(r));
    audio::write_wav(name + ".wav", record, "float32");
    nlohmann::json sidecar = {{"sample_rate", 32000}, {"channels", 2},
                              {"responses", {{{"azimuth", left ? 90.0 : 270.0}, {"elevation", 0.0}, {"distance", 1.0}},
                                             {{"azimuth", 180.0}, {"elevation", 0.0}, {"distance", 2.0}}}}};
    tasks::testing::write_text_file(name + ".json", sidecar.dump());
    // The same record as a shard member: (responses, channels, taps) float32.
    std::string npy("\x93NUMPY\x01\x00", 8);
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2, 800), }";
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    npy += static_cast<char>(header.size() & 0xff);
    npy += static_cast<char>(header.size() >> 8);
    npy += header;
    for (const auto& ch : record.channels) npy.append(reinterpret_cast<const char*>(ch.data()), ch.size() * sizeof(float));
    members.emplace_back("rec" + std::to_string(r) + ".npy", npy);
  }
  test::write_tar(dir.file("brirs-000.tar"), members);

  p.room_source = NatHearRoomSource::folder;
  p.rir_data = dir.file("rirs");
  p.out_dir = dir.file("from-folder");
  ASSERT_EQ(make_nat_hear(p, {}).failures(), 0);
  std::map<std::string, std::set<std::string>> records_of_group;
  for (const std::string split : {"train", "valid", "test"}) {
    const nlohmann::json facts = nlohmann::json::parse(read_text_file(p.out_dir + "/tiny_scene-v1-nat/" + split + ".clip-metadata.json"));
    const nlohmann::json labels = nlohmann::json::parse(read_text_file(p.out_dir + "/tiny_scene-v1-nat-loc/" + split + ".json"));
    for (const auto& [file, f] : facts.items()) {
      records_of_group[f["room_group"].get<std::string>()].insert(f["room"].get<std::string>());
      EXPECT_NE(f["room"].get<std::string>().find("rirs/room"), std::string::npos) << f.dump();
      const double azimuth = f["azimuth_deg"].get<double>();
      EXPECT_TRUE(azimuth == 90.0 || azimuth == 270.0) << azimuth;
      EXPECT_NEAR(labels[file][1].get<double>(), azimuth == 90.0 ? 1.0 : -1.0, 1e-6) << "y points left";
    }
  }
  ASSERT_EQ(records_of_group.size(), 2u);
  for (const std::string& record : records_of_group["test"]) EXPECT_FALSE(records_of_group["seen"].count(record)) << record;

  p.room_source = NatHearRoomSource::shards;
  p.rir_data = dir.file("brirs-{000..001}.tar");
  p.out_dir = dir.file("from-shards");
  try {
    make_nat_hear(p, {});
    FAIL() << "localization needs directions";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no source positions"), std::string::npos) << e.what();
  }
  p.localization = NatHearLocalization::off;
  ASSERT_EQ(make_nat_hear(p, {}).failures(), 0);
  const nlohmann::json metadata = nlohmann::json::parse(read_text_file(p.out_dir + "/tiny_scene-v1-nat/task_metadata.json"));
  EXPECT_NE(metadata["naturalistic"]["room_source"].get<std::string>().find("4 records"), std::string::npos) << metadata.dump();
  const nlohmann::json facts = nlohmann::json::parse(read_text_file(p.out_dir + "/tiny_scene-v1-nat/test.clip-metadata.json"));
  for (const auto& [file, f] : facts.items()) {
    EXPECT_NE(f["room"].get<std::string>().find("brirs-000.tar: rec"), std::string::npos) << f.dump();
    EXPECT_FALSE(f.contains("azimuth_deg")) << "shard records hold no positions";
  }

  // Fewer records than room groups: said before any work.
  p.rir_data = dir.file("brirs-000.tar");
  p.max_records = 1;
  p.out_dir = dir.file("too-few");
  const NatHearSummary few = make_nat_hear(p, {});
  ASSERT_EQ(few.failures(), 1);
  EXPECT_NE(few.tasks.front().error.find("need at least that many"), std::string::npos) << few.tasks.front().error;
  p.rir_data = dir.file("nothing-{0..3}.tar");
  EXPECT_THROW(make_nat_hear(p, {}), Error);
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

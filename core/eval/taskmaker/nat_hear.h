#pragma once
// Nat-HEAR from any HEAR task folder (issue 21): every clip of every split heard as a naturalistic
// scene — placed in a shoebox room around the KEMAR head, with 1–N spatialised noise sources mixed
// at a drawn SNR — through the same scene code as the trainer and the mini benchmark (core/scene,
// which follows the reference's recipe: docs/research/nat-hear-reference-recipe.md). Labels,
// vocabulary and splits are kept; the task is renamed `<task>-nat` and its metadata records the
// generator and every option. With localization, the same scenes also (or only) become
// `<task>-nat-loc`, labelled with the source's direction as cartesian unit vectors.
//
// Each clip's scene comes from a generator seeded by (seed, task, split, file name), never by the
// order of work, so a rerun gives byte-identical files. Files are written atomically and skipped
// when present, and task_metadata.json is written last: a killed run leaves a folder that is not a
// task folder yet, and the same command finishes it.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/audio/audio_buffer.h"
#include "core/common/progress.h"
#include "core/eval/taskmaker/nat_hear_rooms.h"

namespace gramt::eval::taskmaker {

enum class NatHearLocalization { off, also, only };

struct NatHearParams {
  std::string tasks_dir;  // HEAR task folders (read only)
  std::string out_dir;    // where <folder>-nat (and -nat-loc) go
  std::vector<std::string> task_names;  // folder names; empty = every task folder
  uint64_t seed = 42;
  NatHearLocalization localization = NatHearLocalization::off;
  std::string noise_dir;  // folder of noise recordings (any rate); empty = the mini benchmark's noise
  // The reference's training ranges (its data configs): SNR uniform in dB, noise-source count.
  double snr_min_db = 5.0;
  double snr_max_db = 40.0;
  int noise_sources_min = 1;
  int noise_sources_max = 3;
  double rt60_min_s = 0.2;
  double rt60_max_s = 1.0;
  double distance_min_m = 0.5;
  double distance_max_m = 5.0;
  // Rooms (nat_hear_rooms.h): the source kind, its data, and whether test rooms are held out.
  NatHearRoomSource room_source = NatHearRoomSource::sofa;
  std::string sofa_file;     // sofa: empty = libmysofa's MIT KEMAR
  std::string rir_data;      // folder: the responses' folder; shards: the shards' brace pattern
  int rir_rate = 32000;      // shards: the rate the records were made at
  size_t max_records = 512;  // shards: records read into memory
  bool held_out_rooms = true;
  // First-order ambisonic versions (<task>-nat-foa, -nat-foa-loc; AmbiX, declared in the metadata)
  // instead of binaural ones: the same rooms, places, noises and SNRs, heard by an FOA microphone.
  bool ambisonic = false;
  std::string rir_foa_format = "auto";  // folder/shards: their responses' convention (auto: shards wxyz, folder ambix)
  int rooms_per_group = 50;  // sofa: shoebox rooms per room group
  int threads = 0;  // clips rendered side by side; 0 = every core. The files do not depend on it.
  bool skip_bad_clips = false;  // leave a broken clip out (listed in skipped.json) instead of failing the task
  std::function<void(const std::string& line)> log;
};

struct NatHearTaskOutcome {
  std::string task;     // input folder name
  std::vector<std::string> outputs;  // output folders written
  int64_t clips = 0, rendered = 0, reused = 0, skipped = 0;
  bool failed = false;
  std::string error;
};

struct NatHearSummary {
  std::vector<NatHearTaskOutcome> tasks;
  double seconds = 0.0;
  int failures() const;
};

// Throws gramt::Error for a missing tasks folder, an --out inside --tasks-dir (or the same folder),
// an unknown task name or a noise folder without audio. A task that fails (a broken clip without
// skip_bad_clips, a full disk) is reported in its outcome and the others go on.
NatHearSummary make_nat_hear(const NatHearParams& params, const ProgressSink& progress);

// One clip's scene rendered again exactly as make_nat_hear renders it (same rooms, noise, seed and
// peak scaling), with the source and the noise also apart: mixture = source + noise, sample for
// sample, at the rendering rate (32 kHz). For checks of the physics and for listening to the parts.
struct NatHearClipParts {
  audio::AudioBuffer mixture, source, noise;
  double snr_db = 0.0;        // as recorded in the clip's facts
  double azimuth_deg = 0.0;   // SOFA convention: 90 = left
  double peak_scale = 1.0;    // the gain that kept the mixture below full scale
};
// `task_folder` is the input (HEAR) task folder; `split` and `file` name the clip. Throws
// gramt::Error as make_nat_hear would for that clip.
NatHearClipParts render_nat_hear_clip(const NatHearParams& params, const std::string& task_folder,
                                      const std::string& split, const std::string& file);

}  // namespace gramt::eval::taskmaker

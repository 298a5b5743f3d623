// gramt-cli make-nat-hear: the Nat-HEAR (and Nat-HEAR localization) version of HEAR task folders,
// every clip heard as a binaural scene in a room with spatialised noise (core/eval/taskmaker/nat_hear.h).
// Resumable: the same command after an interruption finishes what is missing. `--progress json`
// prints one JSON object per line on stdout:
//   {"stage":"render","done":120,"total":2000,"seconds":14.2,"what":"mini_pitch-v1-small: test/a.wav (...)"}
#include <cmath>
#include <iostream>
#include <memory>

#include "app/cli/commands.h"
#include "app/cli/json_progress.h"
#include "app/cli/progress_bar.h"
#include "core/common/error.h"
#include "core/eval/taskmaker/nat_hear.h"

namespace gramt::cli {

void add_make_nat_hear_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "make-nat-hear", "Make Nat-HEAR task folders from HEAR task folders: each clip in a room, heard through two ears "
                       "(or an ambisonic microphone), with spatialised noise (resumable)");
  struct Options {
    eval::taskmaker::NatHearParams params;
    std::string localization = "off", progress = "bar", rir_source = "sofa", held_out_rooms = "on", format = "binaural";
  };
  auto o = std::make_shared<Options>();
  auto& p = o->params;
  cmd->add_option("--tasks-dir", p.tasks_dir, "folder of HEAR task folders (only read)")->required();
  cmd->add_option("--out", p.out_dir, "where <task folder>-nat (and -nat-loc) are written")->required();
  cmd->add_option("--task", p.task_names, "task folder name (repeatable; default: every task folder)");
  cmd->add_option("--seed", p.seed, "seed of every scene (each clip's scene depends only on it, the task, split and file)")
      ->capture_default_str();
  cmd->add_option("--localization", o->localization,
                  "off | also | only: also (or only) write <task>-nat-loc, labelled with the source direction as a "
                  "cartesian unit vector (scene tasks)")
      ->check(CLI::IsMember({"off", "also", "only"}))
      ->capture_default_str();
  cmd->add_option("--format", o->format,
                  "binaural | foa: heard through KEMAR's ears (<task>-nat), or through a first-order ambisonic "
                  "microphone (<task>-nat-foa, AmbiX) in the same rooms, places and SNRs")
      ->check(CLI::IsMember({"binaural", "foa"}))
      ->capture_default_str();
  cmd->add_option("--rir-foa-format", p.rir_foa_format,
                  "--format foa with folder/shards: the responses' convention, auto (shards: W X Y Z as the reference "
                  "reads them; folder: AmbiX) | ambix | n3d | fuma | wxyz")
      ->check(CLI::IsMember({"auto", "ambix", "n3d", "fuma", "wxyz"}))
      ->capture_default_str();
  cmd->add_option("--noise-dir", p.noise_dir,
                  "folder of noise recordings (e.g. WHAM! noise; any rate, resampled); default: the mini benchmark's "
                  "General-MIDI sound effects");
  cmd->add_option("--snr-min", p.snr_min_db, "lowest SNR in dB (uniform draw; the reference's training range)")
      ->capture_default_str();
  cmd->add_option("--snr-max", p.snr_max_db, "highest SNR in dB")->capture_default_str();
  cmd->add_option("--noise-sources-min", p.noise_sources_min, "fewest noise sources")->capture_default_str()->check(CLI::Range(1, 16));
  cmd->add_option("--noise-sources-max", p.noise_sources_max, "most noise sources")->capture_default_str()->check(CLI::Range(1, 16));
  cmd->add_option("--rt60-min", p.rt60_min_s, "shortest reverberation time of a room, seconds")
      ->capture_default_str()
      ->check(CLI::Range(0.05, 5.0));
  cmd->add_option("--rt60-max", p.rt60_max_s, "longest reverberation time, seconds")->capture_default_str()->check(CLI::Range(0.05, 5.0));
  cmd->add_option("--distance-min", p.distance_min_m, "nearest source distance from the head, metres")
      ->capture_default_str()
      ->check(CLI::Range(0.2, 20.0));
  cmd->add_option("--distance-max", p.distance_max_m, "farthest source distance, metres")
      ->capture_default_str()
      ->check(CLI::Range(0.2, 20.0));
  cmd->add_option("--rir-source", o->rir_source,
                  "where the rooms come from, as the trainer's data.rir_source: sofa (shoebox rooms around the HRIRs "
                  "of --sofa-file), folder (responses with .json sidecars in --rir-data), shards (the reference's BRIR "
                  "records, tar shards matching the brace pattern --rir-data; no positions, so no localization)")
      ->check(CLI::IsMember({"sofa", "folder", "shards"}))
      ->capture_default_str();
  cmd->add_option("--rir-data", p.rir_data, "folder (--rir-source folder) or shard pattern (--rir-source shards)");
  cmd->add_option("--sofa-file", p.sofa_file, "HRIRs for --rir-source sofa (default: libmysofa's MIT KEMAR)");
  cmd->add_option("--rir-rate", p.rir_rate, "sample rate the shard records were made at (resampled to 32000)")
      ->capture_default_str()
      ->check(CLI::Range(8000, 384000));
  cmd->add_option("--room-records", p.max_records, "shard records read (held in memory, each response cut to 2 s)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--rooms", p.rooms_per_group, "shoebox rooms per room group (--rir-source sofa)")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--held-out-rooms", o->held_out_rooms,
                  "on: no room is heard in two room groups (train+valid share one; test, and each fold, get their "
                  "own); off: every split hears the same rooms")
      ->check(CLI::IsMember({"on", "off"}))
      ->capture_default_str();
  cmd->add_option("--threads", p.threads, "clips rendered side by side (0 = every core); the files do not depend on it")
      ->capture_default_str()
      ->check(CLI::Range(0, 256));
  cmd->add_flag("--skip-bad-clips", p.skip_bad_clips,
                "leave out a clip that cannot be read or is silent (listed in the task's skipped.json) instead of "
                "failing its task");
  add_progress_option(*cmd, o->progress);
  cmd->callback([o] {
    std::unique_ptr<JsonProgress> json;
    if (o->progress == "json") json = std::make_unique<JsonProgress>();
    eval::taskmaker::NatHearParams params = o->params;
    params.localization = o->localization == "also"   ? eval::taskmaker::NatHearLocalization::also
                          : o->localization == "only" ? eval::taskmaker::NatHearLocalization::only
                                                      : eval::taskmaker::NatHearLocalization::off;
    params.room_source = o->rir_source == "folder"   ? eval::taskmaker::NatHearRoomSource::folder
                         : o->rir_source == "shards" ? eval::taskmaker::NatHearRoomSource::shards
                                                     : eval::taskmaker::NatHearRoomSource::sofa;
    params.held_out_rooms = o->held_out_rooms == "on";
    params.ambisonic = o->format == "foa";
    params.log = print_log_line;
    reporting_errors_to(json.get(), [&] {
      eval::taskmaker::NatHearSummary summary;
      {
        CtrlCCancels stop_request(/*also_sigterm=*/true);
        ProgressBar bar("make-nat-hear");
        ProgressSink sink = bar.sink();
        if (json) {
          sink = ProgressSink{};
          sink.on_progress = [&json](double fraction, const std::string& what) {
            json->report("render", static_cast<int64_t>(std::lround(fraction * 1000.0)), 1000, {{"what", what}});
          };
        }
        sink.cancel = stop_request.flag_ptr();
        summary = eval::taskmaker::make_nat_hear(params, sink);
      }
      int64_t rendered = 0, reused = 0, skipped = 0;
      for (const auto& t : summary.tasks) rendered += t.rendered, reused += t.reused, skipped += t.skipped;
      std::ostream& human = json ? std::cerr : std::cout;
      human << summary.tasks.size() << " task(s): " << rendered << " clips rendered, " << reused << " reused, " << skipped
            << " left out, in " << std::round(summary.seconds * 10.0) / 10.0 << " s -> " << params.out_dir << std::endl;
      if (summary.failures() > 0)
        throw Error(std::to_string(summary.failures()) + " of " + std::to_string(summary.tasks.size()) + " tasks failed");
      if (json) json->finish({{"rendered", rendered}, {"reused", reused}, {"skipped", skipped}});
    });
  });
}

}  // namespace gramt::cli

#include "core/eval/taskmaker/nat_hear.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/audio/audio_file.h"
#include "core/audio/resample.h"
#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/eval/format/python_json.h"
#include "core/eval/format/task_folder_layout.h"
#include "core/eval/taskmaker/clip_tools.h"
#include "core/eval/taskmaker/external_tools.h"
#include "core/eval/taskmaker/recipes.h"
#include "core/eval/taskmaker/sound_renderer.h"
#include "core/eval/taskmaker/task_random.h"
#include "core/eval/tasks/task_folder.h"
#include "core/io/json_file.h"

namespace gramt::eval::taskmaker {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

constexpr const char* kGenerator = "gramt-cli make-nat-hear";
constexpr int kGeneratorVersion = 2;  // 2: held-out rooms per room group, rooms from folders and shards
constexpr const char* kWorkFolder = ".nat-hear";  // per-clip facts while a task is being made
constexpr double kPeakLimit = 0.99;  // below 16-bit full scale: the whole clip is scaled, never clipped

void say(const NatHearParams& p, const std::string& line) {
  if (p.log) p.log(line);
}

// To `decimals` places, dividing by a power of ten so the value prints as its short decimal.
double rounded(double v, int decimals = 4) {
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

// True when `inner` is `outer` or lies below it (both made absolute, links resolved where they exist).
bool is_inside(const fs::path& inner, const fs::path& outer) {
  const fs::path a = fs::weakly_canonical(fs::absolute(inner));
  const fs::path b = fs::weakly_canonical(fs::absolute(outer));
  auto ai = a.begin();
  for (auto bi = b.begin(); bi != b.end(); ++bi, ++ai) {
    if (bi->empty()) continue;  // a trailing separator
    if (ai == a.end() || *ai != *bi) return false;
  }
  return true;
}

bool is_audio_file(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".wav" || ext == ".flac" || ext == ".ogg" || ext == ".aiff" || ext == ".aif";
}

// The noise the scenes draw from: a folder of recordings (any rate, first channel mixed down), or
// the General-MIDI sound effects the mini benchmark renders.
NoiseBank load_noise(const NatHearParams& p) {
  NoiseBank bank;
  if (p.noise_dir.empty()) {
    require_program("fluidsynth", "fluidsynth");
    require_data_file(kFluidSoundFont, "fluid-soundfont-gm");
    const std::string work = (fs::path(p.out_dir) / (".nat-hear-noise-" + std::to_string(::getpid()))).string();
    SoundRenderer renderer(work, kTaskSampleRate, false, true);
    bank = render_noise_bank(renderer, 20.0);
    std::error_code ec;
    fs::remove_all(work, ec);
    return bank;
  }
  std::error_code ec;
  if (!fs::is_directory(p.noise_dir, ec)) throw Error(p.noise_dir + ": the noise folder does not exist");
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(p.noise_dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && is_audio_file(it->path())) files.push_back(it->path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    const audio::AudioBuffer audio = audio::read_audio(file.string());
    Signal mono = mono_mixdown(audio);
    if (audio.sample_rate != kTaskSampleRate) mono = audio::resample_channel(mono, audio.sample_rate, kTaskSampleRate);
    if (peak(mono) <= 0.0) continue;  // silence adds nothing
    bank.recordings.push_back(std::move(mono));
    bank.names.push_back(fs::relative(file, p.noise_dir).string());
  }
  if (bank.recordings.empty())
    throw Error(p.noise_dir + ": no audio in the noise folder (expected .wav, .flac or .ogg recordings)");
  return bank;
}

// One clip's scene and what it went through, as <split>.clip-metadata.json records it.
struct ClipScene {
  audio::AudioBuffer audio;  // 2 channels (binaural) or 4 (AmbiX) at kTaskSampleRate
  Json facts = Json::object();
  bool has_direction = false;          // the room source gave positions (not shard records)
  std::array<double, 3> direction{};   // unit vector, x front, y left, z up
  double peak_scale = 1.0;             // the gain that kept the mix below full scale
  audio::AudioBuffer source_part, noise_part;  // with SplitRooms' maker keeping parts: scaled alike
};

std::string metres(const scene::Vec3& v) {
  return format::python_float_repr(rounded(v.x, 2)) + "x" + format::python_float_repr(rounded(v.y, 2)) + "x" +
         format::python_float_repr(rounded(v.z, 2)) + " m";
}

ClipScene render_clip(const Signal& dry, TaskRandom& random, const SplitRooms& rooms, const NoiseBank& noise) {
  const size_t n = dry.size();
  const size_t which = random.below(noise.recordings.size());
  const Signal& texture = noise.recordings[which];
  const size_t offset = texture.size() > n ? random.below(texture.size() - n + 1) : 0;
  Signal excerpt(n, 0.0f);
  for (size_t i = 0; i < n && offset + i < texture.size(); ++i) excerpt[i] = texture[offset + i];
  const audio::AudioBuffer noise_clip = mono_buffer(std::move(excerpt), kTaskSampleRate);
  const uint64_t scene_seed = random.bits();
  scene::BinauralScene scene = rooms.maker->make(mono_buffer(dry, kTaskSampleRate), scene_seed, &noise_clip);

  ClipScene out;
  if (rooms.foa_format && *rooms.foa_format != audio::FoaFormat::kAmbiX) {
    // Records in another convention are stored as AmbiX (a per-channel reorder and scaling, so the
    // parts convert alike and still add up to the mixture).
    auto to_ambix = [&](std::vector<std::vector<float>>& channels) {
      if (!channels.empty()) channels = audio::convert_foa(channels, *rooms.foa_format, audio::FoaFormat::kAmbiX, scene.origin);
    };
    to_ambix(scene.audio.channels);
    to_ambix(scene.source_part);
    to_ambix(scene.noise_part);
  }
  // The whole clip is scaled below full scale, never clipped; the parts get the same gain.
  double top = 0.0;
  for (const auto& ch : scene.audio.channels) top = std::max(top, peak(ch));
  if (top > kPeakLimit) {
    const auto gain = static_cast<float>(kPeakLimit / top);
    out.peak_scale = gain;
    for (auto* part : {&scene.audio.channels, &scene.source_part, &scene.noise_part})
      for (auto& ch : *part)
        for (float& x : ch) x *= gain;
  }

  out.facts = Json::object();
  if (scene.room_dimensions.x > 0.0) {
    out.facts["room"] = metres(scene.room_dimensions);
  } else {
    out.facts["room"] = scene.origin;  // a record: its file or shard member
  }
  if (std::isfinite(scene.rt60_seconds)) out.facts["rt60_s"] = rounded(scene.rt60_seconds);
  out.facts["room_group"] = rooms.group;
  out.facts["room_held_out"] = rooms.held_out;
  out.facts["snr_db"] = rounded(scene.snr_db);
  if (scene.has_labels) {
    out.has_direction = true;
    const scene::Vec3 d = scene.source.direction();
    out.direction = {d.x, d.y, d.z};
    out.facts["azimuth_deg"] = rounded(scene.source.azimuth_deg);
    out.facts["elevation_deg"] = rounded(scene.source.elevation_deg);
    out.facts["distance_m"] = rounded(scene.source.distance_m);
    out.facts["source_x_m"] = rounded(scene.source.position.x);
    out.facts["source_y_m"] = rounded(scene.source.position.y);
    out.facts["source_z_m"] = rounded(scene.source.position.z);
  }
  out.facts["noise"] = noise.names[which];
  out.facts["noise_offset_s"] = rounded(static_cast<double>(offset) / kTaskSampleRate);
  out.facts["noise_sources"] = static_cast<int64_t>(scene.noise_sources.size());
  if (scene.has_labels) {
    std::string noise_directions;
    for (const scene::SpatialLabel& s : scene.noise_sources)
      noise_directions += (noise_directions.empty() ? "" : "; ") + format::python_float_repr(rounded(s.azimuth_deg, 2)) +
                          "/" + format::python_float_repr(rounded(s.elevation_deg, 2));
    out.facts["noise_directions_deg"] = noise_directions;
  }
  out.facts["scene_seed"] = std::to_string(scene_seed);
  out.audio = std::move(scene.audio);
  if (!scene.source_part.empty()) {
    out.source_part.sample_rate = out.noise_part.sample_rate = kTaskSampleRate;
    out.source_part.channels = std::move(scene.source_part);
    out.noise_part.channels = std::move(scene.noise_part);
  }
  return out;
}

// The audio at `rate` with exactly `frames` samples per channel (resampling may give one more or
// one less than the input folder's clip).
audio::AudioBuffer at_rate(const audio::AudioBuffer& scene, int rate, int64_t frames) {
  audio::AudioBuffer out = rate == scene.sample_rate ? scene : audio::resample(scene, rate);
  for (auto& ch : out.channels) ch.resize(static_cast<size_t>(std::max<int64_t>(frames, 0)), 0.0f);
  return out;
}

void write_wav_atomically(const std::string& path, const audio::AudioBuffer& audio) {
  const std::string partial = path + ".partial";
  audio::write_wav(partial, audio, "pcm16");
  std::error_code ec;
  fs::rename(partial, path, ec);
  if (ec) throw Error(path + ": cannot move the finished clip into place (" + ec.message() + ")");
}

// Temporary files a killed run left behind (a clip's `.partial`, an atomic write's temporary):
// every file this run writes has been moved into place by now, so what remains is debris.
void remove_leftover_temporaries(const std::string& dir) {
  remove_abandoned_temporaries(dir);
  std::error_code ec;
  std::vector<fs::path> partial;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_regular_file() && name.size() > 8 && name.compare(name.size() - 8, 8, ".partial") == 0)
      partial.push_back(it->path());
  }
  for (const fs::path& p : partial) fs::remove(p, ec);
}

struct OutputTask {
  std::string dir;
  bool localization = false;
};

// "-nat", "-nat-loc", or with --format foa "-nat-foa", "-nat-foa-loc".
std::string output_suffix(const NatHearParams& p, bool localization) {
  return std::string(p.ambisonic ? "-nat-foa" : "-nat") + (localization ? "-loc" : "");
}

// The metadata of an output task: the input's, renamed, with the generator's record.
Json output_metadata(const tasks::TaskFolder& task, bool localization, const NatHearParams& p,
                     const std::string& noise_source, const std::string& room_source) {
  Json m = task.metadata.raw;
  m["task_name"] = task.metadata.task_name + output_suffix(p, localization);
  if (p.ambisonic) m["ambisonic_format"] = "ambix";
  if (localization) {
    m["prediction_type"] = "cartesian-regression";
    m["evaluation"] = Json::array({"DOE", "MAE", "DOA", "3d_source_local"});
  }
  m["naturalistic"] = Json{{"generator", kGenerator},
                           {"version", kGeneratorVersion},
                           {"source_task", task.metadata.task_name},
                           {"seed", p.seed},
                           {"room_source", room_source},
                           {"receiver", p.ambisonic ? "first-order ambisonics (AmbiX: ACN W Y Z X, SN3D)" : "binaural"},
                           {"held_out_rooms", p.held_out_rooms},
                           {"noise_source", noise_source},
                           {"rendered_at_hz", kTaskSampleRate},
                           {"snr_db", Json::array({p.snr_min_db, p.snr_max_db})},
                           {"noise_sources", Json::array({p.noise_sources_min, p.noise_sources_max})},
                           {"rt60_s", Json::array({p.rt60_min_s, p.rt60_max_s})},
                           {"source_distance_m", Json::array({p.distance_min_m, p.distance_max_m})},
                           {"labels", localization ? "source direction as a unit vector (x front, y left, z up)"
                                                   : "the source task's, unchanged"}};
  return m;
}

struct ClipResult {
  Json facts;               // with "direction"
  bool reused = false;      // finished by an earlier run
  std::string skip_reason;  // left out (skip_bad_clips): why
};

// A clip of the input task heard in its split's rooms: its generator is seeded by (seed, task,
// split, file), never by the order of work.
ClipScene render_scene_of_clip(const tasks::TaskFolder& task, const std::string& split, const std::string& file,
                               int source_rate, const NatHearParams& p, const SplitRooms& rooms, const NoiseBank& noise) {
  const audio::AudioBuffer input = audio::read_audio(task.audio_path(source_rate, split, file));
  Signal dry = mono_mixdown(input);
  if (input.sample_rate != kTaskSampleRate) dry = audio::resample_channel(dry, input.sample_rate, kTaskSampleRate);
  if (dry.empty() || peak(dry) <= 0.0) throw Error("silent or empty clip");
  TaskRandom random(p.seed ^ stable_hash(task.name + "\n" + split + "\n" + file));
  return render_clip(dry, random, rooms, noise);
}

// One clip: read back when an earlier run finished it (its facts file is written after all of its
// audio), else rendered and written at every rate into every output.
ClipResult process_clip(const tasks::TaskFolder& task, const std::string& split, const std::string& file,
                        int source_rate, const std::vector<OutputTask>& outputs, const NatHearParams& p,
                        const SplitRooms& rooms, const NoiseBank& noise) {
  ClipResult result;
  const std::string facts_path = (fs::path(outputs.front().dir) / kWorkFolder / split / (file + ".json")).string();
  std::error_code ec;
  if (fs::is_regular_file(facts_path, ec)) {
    result.facts = io::read_ordered_json_file(facts_path, "clip facts");
    result.reused = true;
    return result;
  }
  ClipScene scene = render_scene_of_clip(task, split, file, source_rate, p, rooms, noise);
  for (const OutputTask& out : outputs) {
    const format::TaskFolderLayout layout(out.dir);
    for (int rate : task.sample_rates) {
      const int64_t frames = audio::probe_audio(task.audio_path(rate, split, file)).frames;
      write_wav_atomically(layout.audio_file(rate, split, file), at_rate(scene.audio, rate, frames));
    }
  }
  result.facts = scene.facts;
  if (scene.has_direction)
    result.facts["direction"] =
        Json::array({rounded(scene.direction[0]), rounded(scene.direction[1]), rounded(scene.direction[2])});
  for (const OutputTask& out : outputs)
    write_file_atomically((fs::path(out.dir) / kWorkFolder / split / (file + ".json")).string(), result.facts.dump());
  return result;
}

NatHearRooms open_rooms(const NatHearParams& p, bool keep_parts = false) {
  NatHearRoomOptions o;
  o.source = p.room_source;
  o.sofa_file = p.sofa_file.empty() ? std::string(kKemarSofa) : p.sofa_file;
  if (p.room_source == NatHearRoomSource::sofa && p.sofa_file.empty() && !p.ambisonic)
    require_data_file(kKemarSofa, "libmysofa1");
  o.ambisonic = p.ambisonic;
  if (p.rir_foa_format == "auto") {
    o.records_foa_format = p.room_source == NatHearRoomSource::shards ? audio::FoaFormat::kWxyz : audio::FoaFormat::kAmbiX;
  } else {
    o.records_foa_format = audio::parse_foa_format(p.rir_foa_format, "--rir-foa-format");
  }
  o.location = p.rir_data;
  o.records_rate = p.rir_rate;
  o.max_records = p.max_records;
  o.held_out = p.held_out_rooms;
  o.rooms_per_group = p.rooms_per_group;
  o.rt60_min_s = p.rt60_min_s;
  o.rt60_max_s = p.rt60_max_s;
  o.distance_min_m = p.distance_min_m;
  o.distance_max_m = p.distance_max_m;
  o.noise_sources_min = p.noise_sources_min;
  o.noise_sources_max = p.noise_sources_max;
  scene::BinauralSceneOptions mixing;
  mixing.mix.snr_min_db = p.snr_min_db;
  mixing.mix.snr_max_db = p.snr_max_db;
  mixing.keep_parts = keep_parts;
  return NatHearRooms(o, mixing, kTaskSampleRate, p.seed, p.log);
}

NatHearTaskOutcome make_one_task(const std::string& folder, const NatHearParams& p, const NatHearRooms& rooms,
                                 const NoiseBank& noise, const std::string& noise_source, const ProgressSink& progress,
                                 int64_t& done_clips, int64_t total_clips,
                                 std::chrono::steady_clock::time_point started) {
  NatHearTaskOutcome outcome;
  outcome.task = folder;
  const tasks::TaskFolder task = tasks::read_task_folder((fs::path(p.tasks_dir) / folder).string());
  const int source_rate = task.sample_rates.back();  // the richest audio the task has

  std::vector<OutputTask> outputs;
  if (p.localization != NatHearLocalization::only)
    outputs.push_back({(fs::path(p.out_dir) / (folder + output_suffix(p, false))).string(), false});
  if (p.localization != NatHearLocalization::off) {
    if (task.metadata.embedding_type != format::EmbeddingType::scene) {
      say(p, folder + ": an event task has no single source direction; no -nat-loc version");
    } else {
      outputs.push_back({(fs::path(p.out_dir) / (folder + output_suffix(p, true))).string(), true});
    }
  }
  if (outputs.empty()) return outcome;
  for (const OutputTask& out : outputs) outcome.outputs.push_back(out.dir);
  if (std::all_of(outputs.begin(), outputs.end(),
                  [](const OutputTask& o) { return format::TaskFolderLayout::is_task_folder(o.dir); })) {
    say(p, folder + ": done before, kept");
    for (const auto& split : task.splits) outcome.clips += static_cast<int64_t>(split.files.size());
    outcome.reused = outcome.clips;
    done_clips += outcome.clips;
    return outcome;
  }

  std::vector<std::string> split_names;
  for (const auto& split : task.splits) split_names.push_back(split.split);
  const std::map<std::string, SplitRooms> split_rooms = rooms.for_splits(split_names);

  Json skipped = Json::array();
  std::map<std::string, Json> clip_metadata, direction_labels;
  for (const auto& split : task.splits) {
    clip_metadata[split.split] = Json::object();
    direction_labels[split.split] = Json::object();
    for (const OutputTask& out : outputs) {
      const format::TaskFolderLayout layout(out.dir);
      for (int rate : task.sample_rates) fs::create_directories(layout.audio_dir(rate, split.split));
      fs::create_directories(fs::path(out.dir) / kWorkFolder / split.split);
    }
    // Clips are rendered side by side; each one's result lands in its own slot, so what is written
    // afterwards follows the split's order whatever the threads did.
    const size_t n = split.files.size();
    std::vector<ClipResult> results(n);
    std::atomic<size_t> next{0};
    std::mutex report_mutex;
    std::exception_ptr first_error;
    const auto worker = [&] {
      for (size_t i = next++; i < n; i = next++) {
        if (progress.cancelled() || first_error) return;
        const format::LabelledFile& file = split.files[i];
        const std::string where = folder + ": " + split.split + "/" + file.name;
        try {
          results[i] = process_clip(task, split.split, file.name, source_rate, outputs, p, split_rooms.at(split.split), noise);
        } catch (const std::exception& e) {
          if (!p.skip_bad_clips) {
            std::lock_guard<std::mutex> lock(report_mutex);
            if (!first_error) first_error = std::make_exception_ptr(Error(where + ": " + e.what()));
            return;
          }
          results[i].skip_reason = e.what();
        }
        std::lock_guard<std::mutex> lock(report_mutex);
        ++done_clips;
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        progress.report(static_cast<double>(done_clips) / static_cast<double>(std::max<int64_t>(total_clips, 1)),
                        where + " (" + std::to_string(done_clips) + "/" + std::to_string(total_clips) + " clips, " +
                            format::python_float_repr(std::round(10.0 * done_clips / std::max(seconds, 1e-3)) / 10.0) +
                            " clips/s)");
      }
    };
    const int threads = std::max(1, std::min<int>(p.threads > 0 ? p.threads : static_cast<int>(std::thread::hardware_concurrency()),
                                                   static_cast<int>(std::max<size_t>(n, 1))));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (std::thread& t : pool) t.join();
    if (first_error) std::rethrow_exception(first_error);
    progress.checkpoint();

    for (size_t i = 0; i < n; ++i) {
      const format::LabelledFile& file = split.files[i];
      ++outcome.clips;
      const ClipResult& r = results[i];
      if (!r.skip_reason.empty()) {
        say(p, folder + ": " + split.split + "/" + file.name + ": left out (" + r.skip_reason + ")");
        skipped.push_back(Json{{"split", split.split}, {"file", file.name}, {"error", r.skip_reason}});
        ++outcome.skipped;
        continue;
      }
      ++(r.reused ? outcome.reused : outcome.rendered);
      if (r.facts.contains("direction")) direction_labels[split.split][file.name] = r.facts["direction"];
      Json flat = r.facts;
      flat.erase("direction");
      clip_metadata[split.split][file.name] = flat;
    }
  }

  // Labels and metadata last: the folder is a task folder only once everything is in it.
  const format::TaskFolderLayout source(task.path);
  for (const OutputTask& out : outputs) {
    const format::TaskFolderLayout layout(out.dir);
    for (const auto& split : task.splits) {
      const std::string original_text = io::read_text_file(source.split_labels_file(split.split), "split labels");
      if (out.localization) {
        write_file_atomically(layout.split_labels_file(split.split), direction_labels[split.split].dump());
      } else if (clip_metadata[split.split].size() == split.files.size()) {
        write_file_atomically(layout.split_labels_file(split.split), original_text);  // untouched, byte for byte
      } else {
        // Clips left out (skip_bad_clips) leave the split's labels too.
        const Json original = io::parse_ordered_json_text(original_text, source.split_labels_file(split.split));
        Json labels = Json::object();
        for (auto it = original.begin(); it != original.end(); ++it)
          if (clip_metadata[split.split].contains(it.key())) labels[it.key()] = it.value();
        write_file_atomically(layout.split_labels_file(split.split), labels.dump());
      }
      write_file_atomically(layout.clip_metadata_file(split.split), clip_metadata[split.split].dump(1));
    }
    write_file_atomically(layout.vocabulary_file(), io::read_text_file(source.vocabulary_file(), "label vocabulary"));
    if (!skipped.empty()) write_file_atomically((fs::path(out.dir) / "skipped.json").string(), skipped.dump(1));
    std::error_code ec;
    fs::remove_all(fs::path(out.dir) / kWorkFolder, ec);
    remove_leftover_temporaries(out.dir);
    write_file_atomically(layout.metadata_file(), output_metadata(task, out.localization, p, noise_source, rooms.description()).dump(4));
  }
  say(p, folder + ": " + std::to_string(outcome.rendered) + " clips rendered, " + std::to_string(outcome.reused) +
             " reused, " + std::to_string(outcome.skipped) + " left out");
  return outcome;
}

}  // namespace

int NatHearSummary::failures() const {
  return static_cast<int>(std::count_if(tasks.begin(), tasks.end(), [](const NatHearTaskOutcome& t) { return t.failed; }));
}

NatHearSummary make_nat_hear(const NatHearParams& p, const ProgressSink& progress) {
  const auto started = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!fs::is_directory(p.tasks_dir, ec)) throw Error(p.tasks_dir + ": the HEAR tasks folder does not exist");
  if (p.out_dir.empty()) throw Error("give an output folder (--out)");
  if (is_inside(p.out_dir, p.tasks_dir))
    throw Error(p.out_dir + ": --out lies inside --tasks-dir " + p.tasks_dir + " (the input folder is never written to)");
  if (p.snr_min_db > p.snr_max_db) throw Error("the SNR range is empty (minimum above maximum)");
  if (p.noise_sources_min < 1 || p.noise_sources_min > p.noise_sources_max)
    throw Error("the noise-source count must be a range of at least 1");

  std::vector<std::string> folders = p.task_names;
  const std::vector<std::string> present = tasks::list_task_folders(p.tasks_dir);
  if (folders.empty()) folders = present;
  for (const std::string& name : folders)
    if (std::find(present.begin(), present.end(), name) == present.end())
      throw Error(p.tasks_dir + ": no task folder named '" + name + "'");
  if (folders.empty()) throw Error(p.tasks_dir + ": no task folders (folders holding task_metadata.json)");

  // Every task is read before any work, so a bad folder fails in the first second.
  int64_t total_clips = 0;
  for (const std::string& name : folders) {
    const tasks::TaskFolder task = tasks::read_task_folder((fs::path(p.tasks_dir) / name).string());
    for (const auto& split : task.splits) total_clips += static_cast<int64_t>(split.files.size());
  }

  const NatHearRooms rooms = open_rooms(p);
  if (p.localization != NatHearLocalization::off && !rooms.has_positions())
    throw Error("--localization: shard records hold no source positions; use --rir-source sofa or folder (sidecars "
                "give the directions)");
  fs::create_directories(p.out_dir, ec);
  if (ec) throw Error(p.out_dir + ": cannot create the output folder (" + ec.message() + ")");
  const NoiseBank noise = load_noise(p);
  const std::string noise_source = p.noise_dir.empty() ? "General-MIDI sound effects (fluid-soundfont-gm), 20 s each"
                                                       : "folder " + fs::absolute(p.noise_dir).string();

  NatHearSummary summary;
  int64_t done_clips = 0;
  for (const std::string& name : folders) {
    try {
      summary.tasks.push_back(make_one_task(name, p, rooms, noise, noise_source, progress, done_clips, total_clips, started));
    } catch (const Cancelled&) {
      throw;
    } catch (const std::exception& e) {
      NatHearTaskOutcome failed;
      failed.task = name;
      failed.failed = true;
      failed.error = e.what();
      say(p, name + ": FAILED: " + failed.error);
      summary.tasks.push_back(failed);
    }
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

NatHearClipParts render_nat_hear_clip(const NatHearParams& p, const std::string& task_folder, const std::string& split,
                                      const std::string& file) {
  const tasks::TaskFolder task = tasks::read_task_folder(task_folder);
  std::vector<std::string> split_names;
  for (const auto& s : task.splits) split_names.push_back(s.split);
  if (std::find(split_names.begin(), split_names.end(), split) == split_names.end())
    throw Error(task_folder + ": no split '" + split + "'");
  const NatHearRooms rooms = open_rooms(p, /*keep_parts=*/true);
  const NoiseBank noise = load_noise(p);
  ClipScene scene = render_scene_of_clip(task, split, file, task.sample_rates.back(), p,
                                         rooms.for_splits(split_names).at(split), noise);
  NatHearClipParts parts;
  parts.mixture = std::move(scene.audio);
  parts.source = std::move(scene.source_part);
  parts.noise = std::move(scene.noise_part);
  parts.snr_db = scene.facts.value("snr_db", 0.0);
  parts.azimuth_deg = scene.facts.value("azimuth_deg", 0.0);
  parts.peak_scale = scene.peak_scale;
  return parts;
}

}  // namespace gramt::eval::taskmaker

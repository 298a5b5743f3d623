#include <cmath>
#include <map>
#include <memory>

#include "core/common/error.h"
#include "core/eval/taskmaker/recipes.h"
#include "core/scene/scene_sampler.h"

namespace gramt::eval::taskmaker {

namespace {

using Json = nlohmann::ordered_json;

struct Room {
  double length, width, height, rt60;
};

// Training and validation share one set of rooms; the test rooms are never heard in training.
const std::vector<Room> kSeenRooms = {{5.0, 4.0, 2.8, 0.3}, {6.5, 5.0, 3.0, 0.5}, {4.2, 3.6, 2.6, 0.25}, {7.5, 5.5, 3.2, 0.6}};
const std::vector<Room> kHeldOutRooms = {{9.0, 7.0, 3.5, 0.8}, {3.6, 3.0, 2.5, 0.35}, {6.0, 6.0, 2.7, 0.45}};

struct SplitSources {
  const char* split;
  std::vector<std::string> words;
  std::vector<std::string> voices;
  std::vector<int> programs;
};

const std::vector<SplitSources> kSources = {
    {"train", {"one", "two", "three", "four", "five"}, {"en-us+m1", "en+f3", "en-gb-x-rp+m4"}, {0, 24, 40, 56, 73}},
    {"valid", {"six", "eight"}, {"en-gb-scotland+f1", "en-029+m5"}, {4, 68}},
    {"test", {"nine", "zero", "ten"}, {"en-us+f4", "en-gb-x-gbcwmd+m2"}, {11, 65, 19}},
};

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

double rounded(double value) { return std::round(value * 1e6) / 1e6; }

}  // namespace

TaskSpec make_localization_task(RecipeContext& c, const scene::HrirSet& hrirs, const NoiseBank& noise,
                                SpatialFormat format) {
  const bool ambisonic = format == SpatialFormat::kAmbisonic;
  if (hrirs.channel_count() != (ambisonic ? 4 : 2))
    throw Error("localization task: the receiver " + hrirs.name() + " does not give " +
                (ambisonic ? "first-order ambisonics" : "two ears"));
  const TaskSizes& s = c.sizes;
  const int rate = c.renderer.sample_rate();
  if (hrirs.sample_rate() != rate) throw Error("localization task: the HRIRs must be at the task rate");
  if (noise.recordings.empty()) throw Error("localization task: no noise recordings");
  TaskSpec task;
  task.task_name = ambisonic ? "mini_localization_foa" : "mini_localization";
  task.mode = s.name;
  task.prediction_type = "cartesian-regression";
  task.sample_duration = 1.0;
  task.evaluation = {"DOE", "MAE", "DOA", "3d_source_local"};
  task.description = "Direction of a binaural source (spoken word or General-MIDI note) in a shoebox room with KEMAR "
                     "HRIRs and 1-2 spatialised noise sources at 10-30 dB SNR; label = unit vector [x, y, z] in the "
                     "head frame (x front, y left, z up). Test rooms, voices, words and programs are held out.";
  task.sources = {espeak_source(), fluidr3_source()};
  if (ambisonic) {
    task.description = "Direction of a source (spoken word or General-MIDI note) in a shoebox room heard by an ideal "
                       "first-order ambisonic microphone (AmbiX: ACN W Y Z X, SN3D) with 1-2 spatialised noise sources "
                       "at 10-30 dB SNR; label = unit vector [x, y, z] in the microphone frame (x front, y left, z up). "
                       "The same rooms, places and SNRs as mini_localization; test rooms, voices, words and programs "
                       "are held out.";
    task.extra_metadata["ambisonic_format"] = "ambix";
  } else {
    task.sources.push_back(kemar_source());
  }
  for (const char* axis : {"x", "y", "z"}) task.vocabulary.emplace_back(axis);

  // One scene maker per room: fixed geometry and RT60, random listener, source and noise placement.
  scene::BinauralSceneOptions options;
  options.mix.snr_min_db = 10.0;
  options.mix.snr_max_db = 30.0;
  const auto maker_for = [&](const Room& room) {
    scene::SceneSamplerOptions o;
    o.room_length = {room.length, room.length};
    o.room_width = {room.width, room.width};
    o.room_height = {room.height, room.height};
    o.rt60_seconds = {room.rt60, room.rt60};
    o.source_distance = {1.0, 2.5};
    o.source_elevation_deg = {-30.0, 60.0};
    o.noise_sources_min = 1;
    o.noise_sources_max = 2;
    return scene::BinauralSceneMaker::with_random_rooms(hrirs, o, options);
  };

  const int counts[3] = {s.localization_train, s.localization_valid, s.localization_test};
  // Dry sources: spoken words and notes alternately, each in a 1-s clip.
  struct Planned {
    int split;
    bool speech;
    std::string text, voice;
    int program = 0, key = 0;
    size_t note = 0;
  };
  std::vector<Planned> plan;
  std::vector<std::vector<MidiNote>> notes;
  for (int split = 0; split < 3; ++split) {
    const SplitSources& src = kSources[static_cast<size_t>(split)];
    for (int i = 0; i < counts[split]; ++i) {
      Planned p{split, i % 2 == 0, "", "", 0, 0, 0};
      if (p.speech) {
        p.text = c.random.pick(src.words);
        p.voice = c.random.pick(src.voices);
      } else {
        p.program = c.random.pick(src.programs);
        p.key = static_cast<int>(c.random.integer(52, 76));
        p.note = notes.size();
        notes.push_back({MidiNote{0.0, 0.8, 0, p.program, p.key, static_cast<int>(c.random.integer(80, 120))}});
      }
      plan.push_back(p);
    }
  }
  const std::vector<Signal> rendered = c.renderer.play(notes, std::vector<double>(notes.size(), 1.0));

  std::vector<scene::BinauralSceneMaker> seen, held_out;
  for (const Room& r : kSeenRooms) seen.push_back(maker_for(r));
  for (const Room& r : kHeldOutRooms) held_out.push_back(maker_for(r));
  std::vector<int> index(3, 0);
  const size_t length = static_cast<size_t>(rate);
  for (const Planned& p : plan) {
    Signal dry;
    std::string origin, package;
    if (p.speech) {
      SpeechVoice voice{p.voice, static_cast<int>(c.random.integer(35, 65)), static_cast<int>(c.random.integer(140, 180))};
      dry = c.renderer.speak(p.text, voice);
      origin = "espeak-ng voice " + voice.voice + " pitch " + std::to_string(voice.pitch) + " '" + p.text + "'";
      package = "espeak-ng";
    } else {
      dry = trim_quiet_ends(rendered[p.note], rate, 40.0);
      origin = "FluidR3_GM program " + std::to_string(p.program) + " key " + std::to_string(p.key);
      package = "fluid-soundfont-gm";
    }
    if (dry.size() > length) dry.resize(length);
    apply_fades(dry, 32, static_cast<size_t>(rate / 100));
    const size_t offset = static_cast<size_t>(c.random.below(length - dry.size() + 1));
    const audio::AudioBuffer clip = mono_buffer(place_in_clip(dry, length, offset), rate);

    const std::vector<scene::BinauralSceneMaker>& makers = p.split == 2 ? held_out : seen;
    const size_t room_index = c.random.below(makers.size());
    const Room& room = (p.split == 2 ? kHeldOutRooms : kSeenRooms)[room_index];
    const size_t which = c.random.below(noise.recordings.size());
    const Signal& texture = noise.recordings[which];
    const size_t lead_in = static_cast<size_t>(rate / 2);
    const size_t start = lead_in + c.random.below(texture.size() > length + lead_in ? texture.size() - length - lead_in : 1);
    Signal stretch(length, 0.0f);
    for (size_t i = 0; i < length && start + i < texture.size(); ++i) stretch[i] = texture[start + i];
    const audio::AudioBuffer noise_clip = mono_buffer(std::move(stretch), rate);
    const uint64_t seed = c.random.bits();
    scene::BinauralScene scene = makers[room_index].make(clip, seed, &noise_clip);
    if (!scene.has_labels) throw Error("localization task: the scene maker returned no source position");
    limit_peak(scene.audio, 0.95);
    const scene::Vec3 d = scene.source.direction();

    TaskClip out;
    const SplitSources& src = kSources[static_cast<size_t>(p.split)];
    out.split = src.split;
    out.file = std::string(src.split) + "_" + std::to_string(index[static_cast<size_t>(p.split)]++) + ".wav";
    out.audio = std::move(scene.audio);
    out.labels = Json::array({rounded(d.x), rounded(d.y), rounded(d.z)});
    out.origin = {ambisonic ? package : package + ", libmysofa1", origin, std::string(package == "espeak-ng" ? "GPL-3.0-or-later output" : "MIT") + (ambisonic ? "" : "; MIT KEMAR (cite)"),
                  "room " + fixed(room.length, 1) + "x" + fixed(room.width, 1) + "x" + fixed(room.height, 1) + " m RT60 " +
                      fixed(room.rt60, 2) + " s" + (p.split == 2 ? " (held out)" : "") + ", azimuth " +
                      fixed(scene.source.azimuth_deg, 2) + " elevation " + fixed(scene.source.elevation_deg, 2) +
                      " distance " + fixed(scene.source.distance_m, 2) + " m, noise " + noise.names[which] + " at " +
                      fixed(scene.snr_db, 1) + " dB SNR (scene seed " + std::to_string(seed) + ")"};
    out.metadata = Json::object({{"room", fixed(room.length, 1) + "x" + fixed(room.width, 1) + "x" + fixed(room.height, 1) + " m"},
                                 {"room_held_out", p.split == 2},
                                 {"rt60_s", room.rt60},
                                 {"snr_db", rounded(scene.snr_db)},
                                 {"azimuth_deg", rounded(scene.source.azimuth_deg)},
                                 {"elevation_deg", rounded(scene.source.elevation_deg)},
                                 {"distance_m", rounded(scene.source.distance_m)},
                                 {"source_class", p.speech ? "speech" : "instrument"},
                                 {"source", p.speech ? p.text : "program " + std::to_string(p.program)},
                                 {"noise", noise.names[which]}});
    task.clips.push_back(std::move(out));
  }
  return task;
}

}  // namespace gramt::eval::taskmaker

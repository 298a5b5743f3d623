#include <algorithm>
#include <cmath>

#include "core/common/error.h"
#include "core/eval/taskmaker/recipes.h"

namespace gramt::eval::taskmaker {

namespace {

using Json = nlohmann::ordered_json;

// Sources per split, never shared between splits.
struct SplitMaterial {
  const char* split;
  std::vector<std::string> words;
  std::vector<std::string> voices;
  std::vector<int> piano_programs;
  std::vector<int> bell_programs;
  std::vector<int> drum_kits;
};

const std::vector<SplitMaterial> kMaterial = {
    {"train", {"house", "bird", "tree", "happy", "seven", "learn"}, {"en-us+m3", "en+f2", "en-gb-x-rp+m6"}, {0}, {14, 10}, {0, 16}},
    {"valid", {"wow", "marvin", "forward"}, {"en-gb-scotland+f4", "en-029+m2"}, {1}, {9}, {8}},
    {"test", {"sheila", "visual", "follow"}, {"en-us+f5", "en-gb-x-gbclan+m7"}, {2}, {112}, {32}},
};

constexpr double kBackgroundDbfs = -35.0;
constexpr double kMaxEventSeconds = 1.5;

struct EventSound {
  std::string label;
  Signal sound;  // trimmed
  std::string origin;
  std::string package;
};

}  // namespace

TaskSpec make_event_task(RecipeContext& c) {
  const TaskSizes& s = c.sizes;
  const int rate = c.renderer.sample_rate();
  TaskSpec task;
  task.task_name = "mini_events";
  task.mode = s.name;
  task.embedding_type = "event";
  task.prediction_type = "multilabel";
  task.sample_duration = s.event_scene_seconds;
  task.evaluation = {"event_onset_200ms_fms", "segment_1s_er"};
  task.description = "Sound events (speech, piano, bell, drum) mixed into General-MIDI sound-effect backgrounds at "
                     "0-15 dB; onsets/offsets in ms are the placement times of the trimmed events. Voices, words, "
                     "programs and drum kits differ between splits.";
  task.sources = {espeak_source(), fluidr3_source()};
  for (const char* l : {"bell", "drum", "piano", "speech"}) task.vocabulary.emplace_back(l);

  const size_t scene_length = static_cast<size_t>(std::llround(s.event_scene_seconds * rate));
  const int scene_counts[3] = {s.event_train_scenes, s.event_valid_scenes, s.event_test_scenes};

  // Plan every scene's events first, so that all music renders in one fluidsynth run.
  struct PlannedEvent {
    std::string label;
    size_t sound = 0;     // index into the rendered / spoken sounds of its kind
  };
  struct PlannedScene {
    int split;
    std::vector<PlannedEvent> events;
  };
  std::vector<PlannedScene> scenes;
  std::vector<std::vector<MidiNote>> music_groups;
  std::vector<std::string> music_origins;
  std::vector<EventSound> speech;
  for (int split = 0; split < 3; ++split) {
    const SplitMaterial& m = kMaterial[static_cast<size_t>(split)];
    for (int i = 0; i < scene_counts[split]; ++i) {
      PlannedScene scene{split, {}};
      const int events = static_cast<int>(c.random.integer(1, 3));
      for (int e = 0; e < events; ++e) {
        const std::string which = task.vocabulary[c.random.below(task.vocabulary.size())].get<std::string>();
        PlannedEvent planned{which, 0};
        if (which == "speech") {
          const std::string& word = c.random.pick(m.words);
          SpeechVoice voice{c.random.pick(m.voices), static_cast<int>(c.random.integer(35, 65)),
                            static_cast<int>(c.random.integer(140, 180))};
          planned.sound = speech.size();
          speech.push_back({"speech", c.renderer.speak(word, voice),
                            "espeak-ng voice " + voice.voice + " pitch " + std::to_string(voice.pitch) + " '" + word + "'",
                            "espeak-ng"});
        } else {
          std::vector<MidiNote> notes;
          std::string origin;
          const int velocity = static_cast<int>(c.random.integer(80, 120));
          if (which == "piano") {
            const int program = c.random.pick(m.piano_programs);
            const int root = static_cast<int>(c.random.integer(55, 72));
            const int count = static_cast<int>(c.random.integer(2, 3));
            for (int n = 0; n < count; ++n)
              notes.push_back({0.25 * n, 0.3, 0, program, root + 4 * n, velocity});
            origin = "FluidR3_GM program " + std::to_string(program) + " notes from key " + std::to_string(root);
          } else if (which == "bell") {
            const int program = c.random.pick(m.bell_programs);
            const int key = static_cast<int>(c.random.integer(64, 84));
            notes.push_back({0.0, 0.6, 0, program, key, velocity});
            origin = "FluidR3_GM program " + std::to_string(program) + " key " + std::to_string(key);
          } else {
            const int kit = c.random.pick(m.drum_kits);
            const int hits = static_cast<int>(c.random.integer(2, 4));
            const int drums[] = {36, 38, 45, 48, 39};  // kick, snare, low tom, high tom, clap
            for (int h = 0; h < hits; ++h)
              notes.push_back({0.2 * h, 0.1, 9, kit, drums[c.random.below(5)], velocity});
            origin = "FluidR3_GM drum kit " + std::to_string(kit) + ", " + std::to_string(hits) + " hits";
          }
          planned.sound = music_groups.size();
          music_groups.push_back(std::move(notes));
          music_origins.push_back(origin);
        }
        scene.events.push_back(std::move(planned));
      }
      scenes.push_back(std::move(scene));
    }
  }
  const std::vector<Signal> music =
      c.renderer.play(music_groups, std::vector<double>(music_groups.size(), kMaxEventSeconds + 0.5));
  const NoiseBank backgrounds = render_noise_bank(c.renderer, 30.0);

  std::vector<int> scene_index(3, 0);
  for (const PlannedScene& scene : scenes) {
    const SplitMaterial& m = kMaterial[static_cast<size_t>(scene.split)];
    // Background: a random stretch of a random effect at -35 dBFS RMS.
    const size_t b = c.random.below(backgrounds.recordings.size());
    const Signal& texture = backgrounds.recordings[b];
    const size_t lead_in = static_cast<size_t>(rate / 2);  // past the texture's fade-in
    const size_t room = texture.size() > scene_length + lead_in ? texture.size() - scene_length - lead_in : 1;
    const size_t start = lead_in + static_cast<size_t>(c.random.below(room));
    Signal mix(scene_length, 0.0f);
    for (size_t i = 0; i < scene_length && start + i < texture.size(); ++i) mix[i] = texture[start + i];
    const double background_rms = std::max(1e-6, rms(mix));
    const double target_rms = std::pow(10.0, kBackgroundDbfs / 20.0);
    for (float& x : mix) x = static_cast<float>(x * target_rms / background_rms);

    Json events = Json::array();
    std::string origins = "background " + backgrounds.names[b] + " from " + std::to_string(start) + " samples";
    std::vector<std::pair<double, Json>> placed;
    for (const PlannedEvent& e : scene.events) {
      Signal sound;
      std::string origin;
      if (e.label == "speech") {
        sound = speech[e.sound].sound;
        origin = speech[e.sound].origin;
      } else {
        sound = trim_quiet_ends(music[e.sound], rate, 40.0);
        origin = music_origins[e.sound];
      }
      const size_t max_length = static_cast<size_t>(std::min(kMaxEventSeconds, 0.6 * s.event_scene_seconds) * rate);
      if (sound.size() > max_length) {
        sound.resize(max_length);
        apply_fades(sound, 0, static_cast<size_t>(rate / 20));
      }
      if (sound.empty()) throw Error("event task: an empty " + e.label + " sound (" + origin + ")");
      const double snr_db = c.random.uniform(0.0, 15.0);
      const double gain = target_rms * std::pow(10.0, snr_db / 20.0) / std::max(1e-6, rms(sound));
      const size_t offset = static_cast<size_t>(c.random.below(scene_length - sound.size() + 1));
      add_into(mix, sound, offset, gain);
      const double start_ms = 1000.0 * static_cast<double>(offset) / rate;
      const double end_ms = 1000.0 * static_cast<double>(offset + sound.size()) / rate;
      placed.emplace_back(start_ms, Json{{"label", e.label}, {"start", start_ms}, {"end", end_ms}});
      origins += "; " + e.label + " (" + origin + ") at " + std::to_string(offset) + " samples, SNR " +
                 std::to_string(snr_db).substr(0, 4) + " dB";
    }
    std::stable_sort(placed.begin(), placed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& p : placed) events.push_back(std::move(p.second));
    scale_to_peak(mix, std::min(0.9, std::max(0.3, peak(mix))));

    TaskClip out;
    out.split = m.split;
    out.file = std::string(m.split) + "_scene" + std::to_string(scene_index[static_cast<size_t>(scene.split)]++) + ".wav";
    out.audio = mono_buffer(std::move(mix), rate);
    out.labels = std::move(events);
    out.origin = {"espeak-ng, fluid-soundfont-gm", origins, "GPL-3.0-or-later output (speech); MIT (FluidR3)",
                  "events trimmed at -40 dB, capped at 1.5 s, mixed into the background at the given SNR"};
    task.clips.push_back(std::move(out));
  }
  return task;
}

}  // namespace gramt::eval::taskmaker

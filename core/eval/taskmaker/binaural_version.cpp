#include <cmath>

#include "core/common/error.h"
#include "core/eval/taskmaker/recipes.h"

namespace gramt::eval::taskmaker {

namespace {

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

}  // namespace

const char* spatial_suffix(SpatialFormat format) {
  return format == SpatialFormat::kAmbisonic ? "_foa" : "_binaural";
}

TaskSpec make_spatial_version(const TaskSpec& dry, const scene::HrirSet& hrirs, const NoiseBank& noise,
                              TaskRandom random, SpatialFormat format) {
  const bool ambisonic = format == SpatialFormat::kAmbisonic;
  if (noise.recordings.empty()) throw Error("spatial task version: no noise recordings");
  if (hrirs.channel_count() != (ambisonic ? 4 : 2))
    throw Error(std::string("spatial task version: a ") + (ambisonic ? "first-order ambisonic" : "binaural") +
                " version needs a " + (ambisonic ? "4" : "2") + "-channel receiver, got " + hrirs.name());
  scene::SceneSamplerOptions rooms;
  rooms.rt60_seconds = {0.2, 0.8};
  rooms.source_distance = {0.5, 3.0};
  rooms.noise_sources_min = 1;
  rooms.noise_sources_max = 3;
  scene::BinauralSceneOptions options;
  options.mix.snr_min_db = 5.0;
  options.mix.snr_max_db = 25.0;
  const scene::BinauralSceneMaker maker = scene::BinauralSceneMaker::with_random_rooms(hrirs, rooms, options);
  const int rate = maker.sample_rate();

  TaskSpec task = dry;
  task.clips.clear();
  task.task_name = dry.task_name + spatial_suffix(format);
  task.description = dry.description +
                     (ambisonic ? " First-order ambisonic (Nat-HEAR style, AmbiX: ACN W Y Z X, SN3D): each clip rendered "
                                  "in a random shoebox room (RT60 0.2-0.8 s) from a random direction through an ideal "
                                  "FOA microphone, plus 1-3 spatialised noise sources at 5-25 dB SNR; the same rooms, "
                                  "places and SNRs as the binaural version."
                                : " Binaural (Nat-HEAR style): each clip rendered in a random shoebox room "
                                  "(RT60 0.2-0.8 s) from a random direction with KEMAR HRIRs, plus 1-3 "
                                  "spatialised noise sources at 5-25 dB SNR.");
  if (ambisonic) {
    task.extra_metadata["ambisonic_format"] = "ambix";
  } else {
    task.sources.push_back(kemar_source());
  }
  task.sources.push_back({"fluid-soundfont-gm, fluidsynth", "noise: General-MIDI sound effects (seashore, rain, "
                                                            "applause, helicopter)", "MIT"});
  for (const TaskClip& clip : dry.clips) {
    if (clip.audio.channel_count() != 1 || clip.audio.sample_rate != rate)
      throw Error("spatial task version: " + clip.file + " must be mono at " + std::to_string(rate) + " Hz");
    const size_t n = static_cast<size_t>(clip.audio.frames());
    const size_t which = random.below(noise.recordings.size());
    const Signal& texture = noise.recordings[which];
    const size_t lead_in = static_cast<size_t>(rate / 2);
    const size_t room = texture.size() > n + lead_in ? texture.size() - n - lead_in : 1;
    const size_t start = lead_in + random.below(room);
    Signal stretch(n, 0.0f);
    for (size_t i = 0; i < n && start + i < texture.size(); ++i) stretch[i] = texture[start + i];
    const audio::AudioBuffer noise_clip = mono_buffer(std::move(stretch), rate);
    const uint64_t seed = random.bits();
    scene::BinauralScene rendered = maker.make(clip.audio, seed, &noise_clip);
    limit_peak(rendered.audio, 0.95);

    TaskClip out;
    out.split = clip.split;
    out.file = clip.file;
    out.labels = clip.labels;
    out.audio = std::move(rendered.audio);
    out.origin = clip.origin;
    if (!ambisonic) out.origin.package += ", libmysofa1";
    out.origin.transforms += std::string(ambisonic ? "; ambisonic" : "; binaural") + ": room " + fixed(rendered.room_dimensions.x, 1) + "x" +
                             fixed(rendered.room_dimensions.y, 1) + "x" + fixed(rendered.room_dimensions.z, 1) +
                             " m RT60 " + fixed(rendered.rt60_seconds, 2) + " s, source azimuth " +
                             fixed(rendered.source.azimuth_deg, 1) + " elevation " + fixed(rendered.source.elevation_deg, 1) +
                             " distance " + fixed(rendered.source.distance_m, 2) + " m, noise " + noise.names[which] +
                             " from " + std::to_string(rendered.noise_sources.size()) +
                             " direction(s) at " + fixed(rendered.snr_db, 1) + " dB SNR (scene seed " +
                             std::to_string(seed) + ")";
    task.clips.push_back(std::move(out));
  }
  return task;
}

}  // namespace gramt::eval::taskmaker

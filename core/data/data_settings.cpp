#include "core/data/data_settings.h"

#include <algorithm>

#include "core/audio/ambisonic_format.h"
#include "core/common/error.h"

namespace gramt::data {
namespace {

class Reader {
 public:
  Reader(const YAML::Node& map, std::string where, std::string prefix)
      : map_(map), where_(std::move(where)), prefix_(std::move(prefix)) {
    if (!map_ || !map_.IsMap()) throw Error(where_ + ": " + prefix_ + " must be a mapping");
    prefix_ += ".";
  }

  template <class T>
  T get(const std::string& key) const {
    if (!map_[key]) throw Error(where_ + ": " + prefix_ + key + " is missing");
    return as<T>(key);
  }
  template <class T>
  T get_or(const std::string& key, const T& fallback) const {
    return map_[key] ? as<T>(key) : fallback;
  }
  Reader section(const std::string& key) const { return Reader(map_[key], where_, prefix_ + key); }
  bool has(const std::string& key) const { return static_cast<bool>(map_[key]); }

 private:
  template <class T>
  T as(const std::string& key) const {
    try {
      return map_[key].as<T>();
    } catch (const YAML::Exception&) {
      throw Error(where_ + ": " + prefix_ + key + " has the wrong type ('" + YAML::Dump(map_[key]) + "')");
    }
  }

  YAML::Node map_;
  std::string where_;
  std::string prefix_;  // "data." or "data.synthesize."
};

}  // namespace

DataSettings read_data_settings(const YAML::Node& data, const std::string& where) {
  const Reader r(data, where, "data");
  DataSettings s;
  auto& p = s.pipeline;
  auto& batch = p.loader.batch;
  p.clips = r.get<std::string>("base_data_dir");
  p.noise = r.get_or<std::string>("base_noise_dir", "");
  p.data_ratio = r.get_or<double>("data_ratio", 1.0);
  batch.clip.sample_rate = r.get<int>("sr");
  batch.clip.seconds = r.get_or<double>("clip_seconds", 10.0);
  batch.mel_bins = r.get_or<int>("num_mel_bins", 128);
  batch.channels = r.get<int>("in_channels");
  batch.input_length = r.get<int64_t>("input_length");
  batch.target_length = r.get<int64_t>("target_length");
  batch.samples_per_audio = r.get<int>("samples_per_audio");
  batch.mask_patch = r.get<int64_t>("mask_patch");
  if (r.get_or<bool>("cluster", false))
    throw Error(where + ": data.cluster must be false (the reference's clustered masks are unreachable code)");
  batch.clean_data_ratio = r.get_or<double>("clean_data_ratio", 0.0);
  const auto clean_draw = r.get_or<std::string>("clean_draw", "batch");
  if (clean_draw != "batch" && clean_draw != "clip")
    throw Error(where + ": data.clean_draw must be 'batch' or 'clip', not '" + clean_draw + "'");
  batch.clean_draw = clean_draw == "clip" ? CleanDraw::kPerClip : CleanDraw::kPerBatch;
  batch.with_noise = r.get_or<bool>("with_noise", true);
  batch.with_rir = r.get_or<bool>("with_rir", true);

  // The configured audio member first, the usual ones after it as fall-backs.
  const auto audio_key = r.get_or<std::string>("audio_key", "flac");
  p.audio_extensions = {audio_key};
  for (const char* other : {"flac", "wav", "npy"})
    if (audio_key != other) p.audio_extensions.push_back(other);
  p.shuffle_buffer = r.get_or<int>("shuffle_buffer", 1000);
  p.loader.workers = r.get_or<int>("num_workers", 2);
  p.loader.prefetch_batches = r.get_or<int>("prefetch", 4);

  s.rooms.source = r.get_or<std::string>("rir_source", s.rooms.source);
  s.rooms.location = r.get_or<std::string>("rir_data_dir", "");
  s.rooms.sofa_file = r.get_or<std::string>("sofa_file", s.rooms.sofa_file);
  s.rooms.foa_format = r.get_or<std::string>("rir_foa_format", s.rooms.foa_format);
  if (s.rooms.foa_format != "auto") audio::parse_foa_format(s.rooms.foa_format, where + ": data.rir_foa_format");
  s.rooms.sample_rate = batch.clip.sample_rate;
  s.rooms.channels = batch.channels;
  if (r.has("synthesize")) {
    const auto demo = r.section("synthesize");
    s.synthesize = true;
    s.demo.speech_clips = demo.get_or<int>("speech_clips", s.demo.speech_clips);
    s.demo.note_clips = demo.get_or<int>("note_clips", s.demo.note_clips);
    s.demo.noise_clips = demo.get_or<int>("noise_clips", s.demo.noise_clips);
    s.demo.seconds = demo.get_or<double>("seconds", s.demo.seconds);
    try {
      s.demo.validate();
    } catch (const Error& e) {
      throw Error(where + ": " + e.what());
    }
  }
  try {
    batch.validate();
  } catch (const Error& e) {
    throw Error(where + ": " + e.what());
  }
  if (p.shuffle_buffer < 1) throw Error(where + ": data.shuffle_buffer must be at least 1");
  if (p.loader.workers < 1) throw Error(where + ": data.num_workers must be at least 1");
  if (p.loader.prefetch_batches < 1) throw Error(where + ": data.prefetch must be at least 1");
  return s;
}

}  // namespace gramt::data

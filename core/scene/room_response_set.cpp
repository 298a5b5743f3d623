#include "core/scene/room_response_set.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/audio/audio_file.h"
#include "core/audio/resample.h"
#include "core/common/error.h"
#include "core/io/json_file.h"
#include "core/io/npy.h"
#include "core/scene/scene_random.h"

namespace gramt::scene {
namespace fs = std::filesystem;
namespace {

double number_field(const nlohmann::json& object, const char* key, const std::string& where) {
  if (!object.contains(key)) throw Error(where + ": missing \"" + key + "\"");
  const auto& value = object.at(key);
  if (!value.is_number()) throw Error(where + ": \"" + key + "\" must be a number");
  const double v = value.get<double>();
  if (!std::isfinite(v)) throw Error(where + ": \"" + key + "\" must be finite");
  return v;
}

int positive_int_field(const nlohmann::json& object, const char* key, const std::string& where) {
  const auto& value = object.at(key);
  if (!value.is_number_integer() || value.get<int64_t>() <= 0 || value.get<int64_t>() > 10000000)
    throw Error(where + ": \"" + key + "\" must be a positive integer");
  return static_cast<int>(value.get<int64_t>());
}

}  // namespace

RoomResponseSet RoomResponseSet::open_folder(const std::string& folder, int sample_rate) {
  if (sample_rate <= 0) throw Error(folder + ": requested sample rate must be positive");
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) throw Error(folder + ": no such folder of room responses");
  std::vector<std::string> sidecars;
  for (auto it = fs::recursive_directory_iterator(folder, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec) && it->path().extension() == ".json") sidecars.push_back(it->path().string());
  if (ec) throw Error(folder + ": cannot list the folder: " + ec.message());
  if (sidecars.empty()) throw Error(folder + ": no room-response sidecar (.json) found");
  std::sort(sidecars.begin(), sidecars.end());  // a stable order, whatever the file system lists

  RoomResponseSet set;
  set.sample_rate_ = sample_rate;
  for (const auto& sidecar : sidecars) {
    Entry entry;
    entry.sidecar_path = sidecar;
    nlohmann::json json;
    {
      json = io::read_json_file(sidecar, "sidecar");
    }
    if (!json.is_object()) throw Error(sidecar + ": the sidecar must be a JSON object");
    const fs::path wav = fs::path(sidecar).replace_extension(".wav");
    const fs::path npy = fs::path(sidecar).replace_extension(".npy");
    if (fs::exists(wav, ec)) {
      entry.data_path = wav.string();
    } else if (fs::exists(npy, ec)) {
      entry.data_path = npy.string();
    } else {
      throw Error(sidecar + ": no response file " + wav.filename().string() + " or " + npy.filename().string() + " beside it");
    }
    const bool is_npy = entry.data_path == npy.string();
    if (json.contains("sample_rate")) entry.file_sample_rate = positive_int_field(json, "sample_rate", sidecar);
    if (is_npy && entry.file_sample_rate == 0) throw Error(sidecar + ": missing \"sample_rate\" (required for .npy responses)");
    if (json.contains("channels")) entry.channels = positive_int_field(json, "channels", sidecar);
    if (!json.contains("responses") || !json.at("responses").is_array() || json.at("responses").empty())
      throw Error(sidecar + ": \"responses\" must be a non-empty array (source first, then noise sources)");
    const auto& responses = json.at("responses");
    for (size_t i = 0; i < responses.size(); ++i) {
      const std::string where = sidecar + ": responses[" + std::to_string(i) + "]";
      if (!responses[i].is_object()) throw Error(where + " must be an object");
      const double azimuth = number_field(responses[i], "azimuth", where);
      const double elevation = number_field(responses[i], "elevation", where);
      const double distance = number_field(responses[i], "distance", where);
      if (elevation < -90.0 || elevation > 90.0) throw Error(where + ": \"elevation\" must be within [-90, 90]");
      if (distance <= 0.0) throw Error(where + ": \"distance\" must be positive");
      entry.labels.push_back(spatial_label_from_direction(azimuth, elevation, distance));
    }
    if (!is_npy) {
      const audio::AudioInfo info = audio::probe_audio(entry.data_path);
      const int expected = entry.channels * static_cast<int>(entry.labels.size());
      if (info.channels != expected)
        throw Error(entry.data_path + ": has " + std::to_string(info.channels) + " channels, the sidecar describes " +
                    std::to_string(entry.labels.size()) + " responses of " + std::to_string(entry.channels) +
                    " channels (" + std::to_string(expected) + ")");
      if (entry.file_sample_rate != 0 && entry.file_sample_rate != info.sample_rate)
        throw Error(sidecar + ": \"sample_rate\" " + std::to_string(entry.file_sample_rate) + " disagrees with " +
                    entry.data_path + " (" + std::to_string(info.sample_rate) + " Hz)");
      entry.file_sample_rate = info.sample_rate;
    }
    set.entries_.push_back(std::move(entry));
  }
  return set;
}

SceneResponses RoomResponseSet::load(size_t index) const {
  if (index >= entries_.size())
    throw Error("room responses: record " + std::to_string(index) + " of " + std::to_string(entries_.size()) + " requested");
  const Entry& entry = entries_[index];
  std::vector<std::vector<float>> channels;  // all responses' channels in order
  const int responses = static_cast<int>(entry.labels.size());
  if (entry.data_path.size() >= 4 && entry.data_path.compare(entry.data_path.size() - 4, 4, ".npy") == 0) {
    const io::NpyArray array = io::read_npy(entry.data_path);
    if (array.dtype != "<f4" && array.dtype != "<f8")
      throw Error(entry.data_path + ": responses must be float32 or float64, found dtype " + array.dtype);
    std::vector<int64_t> shape = array.shape;
    if (shape.size() == 2) shape.insert(shape.begin(), 1);
    if (shape.size() != 3 || shape[0] != responses || shape[1] != entry.channels || shape[2] <= 0)
      throw Error(entry.data_path + ": shape must be (" + std::to_string(responses) + ", " +
                  std::to_string(entry.channels) + ", taps) as its sidecar says");
    const std::vector<float> values = array.to_float();
    const size_t taps = static_cast<size_t>(shape[2]);
    for (size_t c = 0; c < static_cast<size_t>(shape[0] * shape[1]); ++c)
      channels.emplace_back(values.begin() + static_cast<std::ptrdiff_t>(c * taps),
                            values.begin() + static_cast<std::ptrdiff_t>((c + 1) * taps));
  } else {
    audio::AudioBuffer audio = audio::read_audio(entry.data_path);
    if (audio.channel_count() != responses * entry.channels)
      throw Error(entry.data_path + ": channel count changed since the folder was opened");
    channels = std::move(audio.channels);
  }
  for (const auto& ch : channels)
    for (float v : ch)
      if (!std::isfinite(v)) throw Error(entry.data_path + ": contains a non-finite value");
  if (entry.file_sample_rate != sample_rate_)
    for (auto& ch : channels) ch = audio::resample_channel(ch, entry.file_sample_rate, sample_rate_);

  SceneResponses scene;
  scene.origin = entry.data_path;
  for (int r = 0; r < responses; ++r) {
    ImpulseResponse response(channels.begin() + r * entry.channels, channels.begin() + (r + 1) * entry.channels);
    if (r == 0) {
      scene.source = std::move(response);
      scene.source_label = entry.labels[0];
    } else {
      scene.noise.push_back(std::move(response));
      scene.noise_labels.push_back(entry.labels[static_cast<size_t>(r)]);
    }
  }
  return scene;
}

SceneResponses RoomResponseSet::draw(std::mt19937_64& rng) const { return load(uniform_index(rng, entries_.size())); }

SceneResponses split_response_stack(const std::vector<float>& values, const std::vector<int64_t>& shape,
                                    const std::string& where) {
  if (shape.size() != 3 || shape[0] < 1 || shape[1] < 1 || shape[2] < 1)
    throw Error(where + ": a response stack must be shaped (responses, channels, taps) with no empty dimension");
  const size_t responses = static_cast<size_t>(shape[0]), channels = static_cast<size_t>(shape[1]),
               taps = static_cast<size_t>(shape[2]);
  if (values.size() != responses * channels * taps)
    throw Error(where + ": " + std::to_string(values.size()) + " values do not fill the shape");
  SceneResponses scene;
  scene.origin = where;
  scene.has_labels = false;
  for (size_t r = 0; r < responses; ++r) {
    ImpulseResponse response;
    for (size_t c = 0; c < channels; ++c) {
      const auto begin = values.begin() + static_cast<std::ptrdiff_t>((r * channels + c) * taps);
      response.emplace_back(begin, begin + static_cast<std::ptrdiff_t>(taps));
    }
    if (r == 0) {
      scene.source = std::move(response);
    } else {
      scene.noise.push_back(std::move(response));
      scene.noise_labels.emplace_back();
    }
  }
  return scene;
}

}  // namespace gramt::scene

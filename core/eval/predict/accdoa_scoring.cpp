#include "core/eval/predict/accdoa_scoring.h"

#include <cmath>
#include <limits>

#include "core/common/error.h"
#include "core/eval/format/python_json.h"

namespace gramt::eval::predict {

namespace {

int integer_field(const nlohmann::json& value, const std::string& where) {
  if (!value.is_number_integer() || value.get<int64_t>() < std::numeric_limits<int>::min() ||
      value.get<int64_t>() > std::numeric_limits<int>::max()) {
    throw Error(where + " must be an integer, not " + value.dump());
  }
  return static_cast<int>(value.get<int64_t>());
}

void read_limits(const nlohmann::json& params, const char* key, int (&limits)[2], const std::string& source) {
  if (!params.contains(key)) return;
  const std::string where = source + ": field 'scoring_params." + key + "'";
  const auto& value = params[key];
  if (!value.is_array() || value.size() != 2) throw Error(where + " must be [low, high], not " + value.dump());
  limits[0] = integer_field(value[0], where);
  limits[1] = integer_field(value[1], where);
}

}  // namespace

AccdoaSetup read_accdoa_setup(const nlohmann::json& metadata, const std::string& source) {
  AccdoaSetup setup;
  if (!metadata.contains("source_dynamics") || !metadata["source_dynamics"].is_string()) {
    throw Error(source + ": field 'source_dynamics' must be \"static\" or \"dynamic\" for prediction_type accdoa");
  }
  setup.source_dynamics = metadata["source_dynamics"].get<std::string>();
  if (setup.source_dynamics != "static" && setup.source_dynamics != "dynamic") {
    throw Error(source + ": field 'source_dynamics' is '" + setup.source_dynamics + "' (expected static or dynamic)");
  }
  if (setup.source_dynamics == "dynamic") {
    const std::string where = source + ": field '_nb_label_frames_1s'";
    if (!metadata.contains("_nb_label_frames_1s")) throw Error(where + " is required for dynamic sources");
    setup.label_frames_per_second = integer_field(metadata["_nb_label_frames_1s"], where);
    if (setup.label_frames_per_second < 1) throw Error(where + " must be at least 1");
  }
  if (!metadata.contains("scoring_params") || metadata["scoring_params"].is_null()) return setup;
  const auto& params = metadata["scoring_params"];
  if (!params.is_object()) throw Error(source + ": field 'scoring_params' must be an object");
  if (params.contains("doa_threshold")) {
    const auto& v = params["doa_threshold"];
    if (!v.is_number() || !std::isfinite(v.get<double>())) {
      throw Error(source + ": field 'scoring_params.doa_threshold' must be a number of degrees, not " + v.dump());
    }
    setup.seld.doa_threshold_deg = v.get<double>();
  }
  if (params.contains("average")) {
    const auto& v = params["average"];
    if (!v.is_string() || (v.get<std::string>() != "macro" && v.get<std::string>() != "micro")) {
      throw Error(source + ": field 'scoring_params.average' must be \"macro\" or \"micro\", not " + v.dump());
    }
    setup.seld.average = v.get<std::string>();
  }
  read_limits(params, "azimuth_limits", setup.seld.azimuth_limits, source);
  read_limits(params, "elevation_limits", setup.seld.elevation_limits, source);
  if (params.contains("doa_resolution")) {
    setup.seld.doa_resolution = integer_field(params["doa_resolution"], source + ": field 'scoring_params.doa_resolution'");
    if (setup.seld.doa_resolution < 1) throw Error(source + ": field 'scoring_params.doa_resolution' must be positive");
  }
  return setup;
}

AccdoaReference accdoa_reference(const nlohmann::json& split_json, const std::string& source,
                                 const EventFrameIndex& frames, const format::LabelVocabulary& vocabulary,
                                 const AccdoaSetup& setup) {
  if (!split_json.is_object()) throw Error(source + ": must be an object of file -> event list");
  AccdoaReference out;
  for (size_t f = 0; f < frames.files.size(); ++f) {
    const std::string& file = frames.files[f];
    const std::vector<double>& stamps = frames.timestamps_ms[f];
    out.max_frames = std::max<int64_t>(out.max_frames, static_cast<int64_t>(stamps.size()));
    if (!split_json.contains(file)) continue;
    const auto& events = split_json[file];
    const std::string where = source + ": '" + file + "'";
    if (!events.is_array()) throw Error(where + " must list events");
    struct Source {
      int64_t class_index;
      double start, end, azimuth, elevation;
    };
    std::vector<Source> sources;
    for (const auto& e : events) {
      if (!e.is_object() || !e.contains("label") || !e.contains("start") || !e.contains("end") ||
          !e["start"].is_number() || !e["end"].is_number()) {
        throw Error(where + " has an event without label/start/end");
      }
      const auto direction = e.find("direction");
      if (direction == e.end() || !direction->is_array() || direction->size() != 2 || !(*direction)[0].is_number() ||
          !(*direction)[1].is_number()) {
        throw Error(where + " has an event without 'direction': [azimuth_deg, elevation_deg] (needed for accdoa)");
      }
      const std::string label = format::python_label_string(e["label"]);
      auto idx = vocabulary.index_of.find(label);
      if (idx == vocabulary.index_of.end()) throw Error(where + " has label '" + label + "' which is not in labelvocabulary.csv");
      sources.push_back({idx->second, e["start"].get<double>(), e["end"].get<double>(), (*direction)[0].get<double>(),
                         (*direction)[1].get<double>()});
    }
    std::vector<scores::ReferenceDoa> doas;
    for (size_t i = 0; i < stamps.size(); ++i) {
      for (const Source& s : sources) {
        // The kit's interval tree holds [start, end + 0.0001): end-inclusive frames.
        if (s.start <= stamps[i] && stamps[i] < s.end + 0.0001) {
          doas.push_back({static_cast<int64_t>(i), s.class_index, s.azimuth, s.elevation});
        }
      }
    }
    if (!doas.empty()) out.by_file.emplace(file, std::move(doas));
  }
  if (setup.source_dynamics == "dynamic") {
    out.block_frames = setup.label_frames_per_second;
  } else {
    if (frames.files.empty()) throw Error(source + ": the split has no frames to score");
    const std::vector<double>& last = frames.timestamps_ms.back();
    if (last.size() < 2) {
      throw Error(source + ": file '" + frames.files.back() +
                  "' has a single frame, so the frame hop (and the SELD block length) is undefined");
    }
    const double hop = (last.back() - last.front()) / static_cast<double>(last.size() - 1);  // mean step
    out.block_frames = static_cast<int64_t>(std::floor(1000.0 / hop));
    if (out.block_frames < 1) {
      throw Error(source + ": frames " + std::to_string(hop) + " ms apart give SELD blocks of no frame");
    }
  }
  return out;
}

std::map<std::string, std::vector<scores::PredictedDoa>> accdoa_predicted_doas(const float* predictions, int64_t classes,
                                                                               const EventFrameIndex& frames) {
  std::map<std::string, std::vector<scores::PredictedDoa>> out;
  for (size_t f = 0; f < frames.files.size(); ++f) {
    std::vector<scores::PredictedDoa>& doas = out[frames.files[f]];
    const std::vector<int64_t>& rows = frames.rows[f];
    for (size_t i = 0; i < rows.size(); ++i) {
      const float* row = predictions + rows[i] * 3 * classes;
      for (int64_t c = 0; c < classes; ++c) {
        const double x = row[3 * c], y = row[3 * c + 1], z = row[3 * c + 2];
        if (std::sqrt(x * x + y * y + z * z) > 0.5) doas.push_back({static_cast<int64_t>(i), c, x, y, z});
      }
    }
  }
  return out;
}

}  // namespace gramt::eval::predict

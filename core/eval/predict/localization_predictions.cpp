#include "core/eval/predict/localization_predictions.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>

#include <nlohmann/json.hpp>

#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/io/json_file.h"

namespace gramt::eval::predict {

namespace {

constexpr const char* kFormat = "gramt-localization-predictions";
constexpr double kPi = 3.141592653589793238462643383279502884;
const double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Direction {
  double azimuth_deg = kNaN, elevation_deg = kNaN;
  double x = 0, y = 0, z = 0;  // unit vector; all zero when there is no direction
  bool defined() const { return std::isfinite(azimuth_deg); }
};

// Cartesian labels: x front, y left, z up (any length: only the direction counts).
Direction from_cartesian(double x, double y, double z) {
  Direction d;
  const double norm = std::sqrt(x * x + y * y + z * z);
  if (!(norm > 0) || !std::isfinite(norm)) return d;
  d.x = x / norm, d.y = y / norm, d.z = z / norm;
  d.azimuth_deg = std::atan2(y, x) * 180.0 / kPi;
  if (d.azimuth_deg < 0) d.azimuth_deg += 360.0;
  if (d.azimuth_deg >= 360.0) d.azimuth_deg -= 360.0;
  d.elevation_deg = std::atan2(z, std::hypot(x, y)) * 180.0 / kPi;
  return d;
}

Direction from_polar(double azimuth_deg, double elevation_deg) {
  Direction d;
  if (!std::isfinite(azimuth_deg) || !std::isfinite(elevation_deg)) return d;
  const double az = azimuth_deg * kPi / 180.0, el = elevation_deg * kPi / 180.0;
  d.x = std::cos(el) * std::cos(az), d.y = std::cos(el) * std::sin(az), d.z = std::sin(el);
  d.azimuth_deg = std::fmod(azimuth_deg, 360.0);
  if (d.azimuth_deg < 0) d.azimuth_deg += 360.0;
  d.elevation_deg = elevation_deg;
  return d;
}

Direction direction_of(const std::vector<double>& v, const std::string& prediction_type, const std::string& what) {
  const bool polar = prediction_type == "polar-regression";
  const size_t needed = polar ? 2 : 3;
  if (v.size() < needed)
    throw Error(what + " has " + std::to_string(v.size()) + " values; " + prediction_type + " needs " +
                std::to_string(needed));
  return polar ? from_polar(v[0], v[1]) : from_cartesian(v[0], v[1], v[2]);
}

nlohmann::ordered_json number_or_null(double x) {
  return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr);
}

// --- reading -------------------------------------------------------------------------------------

const nlohmann::json& field(const nlohmann::json& object, const std::string& key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end()) throw Error(where + ": missing field '" + key + "'");
  return *it;
}

std::string text_field(const nlohmann::json& object, const std::string& key, const std::string& where) {
  const auto& v = field(object, key, where);
  if (!v.is_string()) throw Error(where + ": field '" + key + "' must be a string");
  return v.get<std::string>();
}

double angle_field(const nlohmann::json& object, const std::string& key, const std::string& where) {
  const auto& v = field(object, key, where);
  if (v.is_null()) return kNaN;
  if (!v.is_number()) throw Error(where + ": field '" + key + "' must be a number or null");
  return v.get<double>();
}

std::vector<double> vector_field(const nlohmann::json& object, const std::string& key, const std::string& where) {
  const auto& v = field(object, key, where);
  if (!v.is_array()) throw Error(where + ": field '" + key + "' must be a list of numbers");
  std::vector<double> out;
  for (const auto& x : v) {
    if (!x.is_number()) throw Error(where + ": field '" + key + "' must be a list of numbers");
    out.push_back(x.get<double>());
  }
  return out;
}

}  // namespace

std::string localization_predictions_filename(const std::string& fold_key) {
  return fold_key + ".localization-predictions.json";
}

bool has_direction_labels(const std::string& prediction_type) {
  return prediction_type == "cartesian-regression" || prediction_type == "cartesian-z-regression" ||
         prediction_type == "polar-regression";
}

ClipLocalization describe_clip(const std::string& file, const std::vector<double>& target,
                               const std::vector<double>& prediction, const std::string& prediction_type,
                               format::ClipFacts metadata) {
  if (!has_direction_labels(prediction_type))
    throw Error("localization predictions: prediction_type '" + prediction_type + "' has no direction labels");
  ClipLocalization c;
  c.file = file;
  c.target = target;
  c.prediction = prediction;
  c.metadata = std::move(metadata);
  const Direction t = direction_of(target, prediction_type, file + ": target");
  const Direction p = direction_of(prediction, prediction_type, file + ": prediction");
  c.true_azimuth_deg = t.azimuth_deg;
  c.true_elevation_deg = t.elevation_deg;
  c.predicted_azimuth_deg = p.azimuth_deg;
  c.predicted_elevation_deg = p.elevation_deg;
  c.angular_error_deg = kNaN;
  if (t.defined() && p.defined()) {
    const double dot = std::clamp(t.x * p.x + t.y * p.y + t.z * p.z, -1.0, 1.0);
    c.angular_error_deg = std::acos(dot) * 180.0 / kPi;
  }
  return c;
}

void write_localization_predictions(const std::string& path, const LocalizationPredictions& lp) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  out["format"] = kFormat;
  out["format_version"] = kLocalizationPredictionsFormatVersion;
  out["task_name"] = lp.task_name;
  out["prediction_type"] = lp.prediction_type;
  out["fold"] = lp.fold;
  out["embedding_path"] = lp.embedding_path;
  out["angles"] = "degrees; azimuth counter-clockwise from the front (90 = left) in [0, 360), elevation up in [-90, 90]";
  nlohmann::ordered_json clips = nlohmann::ordered_json::array();
  for (const ClipLocalization& c : lp.clips) {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    row["file"] = c.file;
    row["target"] = c.target;
    row["prediction"] = c.prediction;
    row["true_azimuth_deg"] = number_or_null(c.true_azimuth_deg);
    row["true_elevation_deg"] = number_or_null(c.true_elevation_deg);
    row["predicted_azimuth_deg"] = number_or_null(c.predicted_azimuth_deg);
    row["predicted_elevation_deg"] = number_or_null(c.predicted_elevation_deg);
    row["angular_error_deg"] = number_or_null(c.angular_error_deg);
    row["metadata"] = format::clip_facts_json(c.metadata);
    clips.push_back(std::move(row));
  }
  out["clips"] = std::move(clips);
  write_file_atomically(path, out.dump(1) + "\n");
}

LocalizationPredictions read_localization_predictions(const std::string& path) {
  const nlohmann::json json = io::read_json_file(path, "localization predictions");
  if (!json.is_object() || !json.contains("format") || json["format"] != kFormat)
    throw Error(path + ": not a localization predictions file (field 'format' must be \"" + std::string(kFormat) + "\")");
  const auto& version = field(json, "format_version", path);
  if (!version.is_number_integer() || version.get<int64_t>() < 1)
    throw Error(path + ": field 'format_version' must be a positive integer");
  if (version.get<int64_t>() > kLocalizationPredictionsFormatVersion)
    throw Error(path + ": format_version " + std::to_string(version.get<int64_t>()) +
                " was written by a newer GRAM-T Workbench (this one reads up to " +
                std::to_string(kLocalizationPredictionsFormatVersion) + ")");
  LocalizationPredictions lp;
  lp.format_version = static_cast<int>(version.get<int64_t>());
  lp.task_name = text_field(json, "task_name", path);
  lp.prediction_type = text_field(json, "prediction_type", path);
  lp.fold = text_field(json, "fold", path);
  lp.embedding_path = text_field(json, "embedding_path", path);
  const auto& clips = field(json, "clips", path);
  if (!clips.is_array()) throw Error(path + ": field 'clips' must be a list");
  for (size_t i = 0; i < clips.size(); ++i) {
    const std::string where = path + ": clips[" + std::to_string(i) + "]";
    const auto& row = clips[i];
    if (!row.is_object()) throw Error(where + " must be an object");
    ClipLocalization c;
    c.file = text_field(row, "file", where);
    c.target = vector_field(row, "target", where);
    c.prediction = vector_field(row, "prediction", where);
    c.true_azimuth_deg = angle_field(row, "true_azimuth_deg", where);
    c.true_elevation_deg = angle_field(row, "true_elevation_deg", where);
    c.predicted_azimuth_deg = angle_field(row, "predicted_azimuth_deg", where);
    c.predicted_elevation_deg = angle_field(row, "predicted_elevation_deg", where);
    c.angular_error_deg = angle_field(row, "angular_error_deg", where);
    const auto& metadata = field(row, "metadata", where);
    c.metadata = format::parse_clip_metadata(nlohmann::json{{c.file, metadata}}, where + " metadata").at(c.file);
    lp.clips.push_back(std::move(c));
  }
  return lp;
}

}  // namespace gramt::eval::predict

#include "core/eval/predict/grid_search_record.h"


namespace gramt::eval::predict {

namespace {

using Json = nlohmann::ordered_json;

// A non-finite value is written as it is (the kits' writer spells it NaN); absent is null.
Json optional_json(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

template <typename T>
std::optional<T> read_field(const Json& object, const char* key, const char* where, std::vector<std::string>* notes) {
  if (!object.contains(key) || object[key].is_null()) return std::nullopt;
  const Json& v = object[key];
  const bool fits = std::is_same_v<T, std::string>   ? v.is_string()
                    : std::is_same_v<T, int64_t>     ? v.is_number_integer()
                    : std::is_same_v<T, double>      ? v.is_number()
                                                     : false;
  if (!fits) {
    if (notes) notes->push_back(std::string(where) + ": field '" + key + "' is " + v.dump() + ", not a " +
                                (std::is_same_v<T, std::string> ? "string" : "number"));
    return std::nullopt;
  }
  return v.get<T>();
}

}  // namespace

Json to_json(const GridSearchRecord& r) {
  Json out = Json::object();
  if (r.grid) out["grid"] = *r.grid;
  if (r.kit) out["kit"] = *r.kit;
  if (r.grid_points) out["grid_points"] = *r.grid_points;
  if (r.seed) out["seed"] = *r.seed;
  if (r.device) out["device"] = *r.device;
  if (r.best_grid_point) out["best_grid_point"] = *r.best_grid_point;
  if (r.random_probe) out["random_probe"] = true;
  Json points = Json::array();
  for (const GridPointRecord& p : r.points) {
    Json point = Json::object();
    point["hparams"] = p.hparams;
    point["validation_score"] = optional_json(p.validation_score);
    if (p.epoch) point["epoch"] = *p.epoch;
    if (p.epochs_trained) point["epochs_trained"] = *p.epochs_trained;
    point["time_in_min"] = optional_json(p.time_in_min);
    if (!p.failure.empty()) point["failed"] = p.failure;
    points.push_back(point);
  }
  out["points"] = points;
  return out;
}

std::optional<GridSearchRecord> read_grid_search_record(const Json& scores, std::vector<std::string>* notes) {
  if (!scores.is_object() || !scores.contains("grid_search")) return std::nullopt;
  const Json& j = scores["grid_search"];
  if (!j.is_object()) {
    if (notes) notes->push_back("grid_search: not an object");
    return std::nullopt;
  }
  constexpr const char* where = "grid_search";
  GridSearchRecord r;
  r.grid = read_field<std::string>(j, "grid", where, notes);
  r.kit = read_field<std::string>(j, "kit", where, notes);
  r.grid_points = read_field<int64_t>(j, "grid_points", where, notes);
  r.seed = read_field<int64_t>(j, "seed", where, notes);
  r.device = read_field<std::string>(j, "device", where, notes);
  r.best_grid_point = read_field<int64_t>(j, "best_grid_point", where, notes);
  r.random_probe = j.contains("random_probe") && j["random_probe"].is_boolean() && j["random_probe"].get<bool>();
  if (!j.contains("points") || !j["points"].is_array()) {
    if (notes) notes->push_back("the grid search record lists no grid points");
    return r;
  }
  for (const Json& p : j["points"]) {
    GridPointRecord point;
    if (p.is_object()) {
      constexpr const char* at = "grid_search point";
      if (p.contains("hparams")) point.hparams = p["hparams"];
      point.validation_score = read_field<double>(p, "validation_score", at, notes);
      point.epoch = read_field<int64_t>(p, "epoch", at, notes);
      point.epochs_trained = read_field<int64_t>(p, "epochs_trained", at, notes);
      point.time_in_min = read_field<double>(p, "time_in_min", at, notes);
      if (p.contains("failed") && p["failed"].is_string()) point.failure = p["failed"].get<std::string>();
    }
    r.points.push_back(std::move(point));
  }
  return r;
}

std::string mismatch(const GridSearchRecord& stored, const GridProtocol& wanted) {
  std::string difference;
  const auto compare = [&](const char* name, const auto& have, const auto& want) {
    if (have && *have != want) {
      difference += (difference.empty() ? "" : ", ") + std::string(name) + " " + Json(*have).dump() + " (not " +
                    Json(want).dump() + ")";
    }
  };
  compare("seed", stored.seed, wanted.seed);
  compare("grid", stored.grid, wanted.grid);
  compare("kit", stored.kit, wanted.kit);
  compare("grid_points", stored.grid_points, wanted.grid_points);
  return difference;
}

}  // namespace gramt::eval::predict

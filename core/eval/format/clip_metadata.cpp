#include "core/eval/format/clip_metadata.h"

#include <cmath>
#include <fstream>

#include "core/common/error.h"
#include "core/io/json_file.h"

namespace gramt::eval::format {

std::string clip_metadata_filename(const std::string& split) { return split + ".clip-metadata.json"; }

ClipMetadata parse_clip_metadata(const nlohmann::json& json, const std::string& source) {
  if (!json.is_object()) throw Error(source + ": expected an object of file name -> facts");
  ClipMetadata out;
  for (auto file = json.begin(); file != json.end(); ++file) {
    if (!file.value().is_object()) throw Error(source + ": '" + file.key() + "' must map to an object of facts");
    ClipFacts facts;
    for (auto fact = file.value().begin(); fact != file.value().end(); ++fact) {
      const auto& v = fact.value();
      const std::string where = source + ": '" + file.key() + "' field '" + fact.key() + "'";
      if (v.is_number()) {
        const double x = v.get<double>();
        if (!std::isfinite(x)) throw Error(where + " is not a finite number");
        facts.numbers[fact.key()] = x;
      } else if (v.is_string()) {
        facts.labels[fact.key()] = v.get<std::string>();
      } else if (v.is_boolean()) {
        facts.labels[fact.key()] = v.get<bool>() ? "true" : "false";
      } else {
        throw Error(where + " must be a number, a string or a boolean");
      }
    }
    out.emplace(file.key(), std::move(facts));
  }
  return out;
}

ClipMetadata read_clip_metadata(const std::string& path) {
  return parse_clip_metadata(io::read_json_file(path, "clip metadata"), path);
}

nlohmann::ordered_json clip_facts_json(const ClipFacts& facts) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [key, value] : facts.labels) out[key] = value;
  for (const auto& [key, value] : facts.numbers) out[key] = value;
  return out;
}

}  // namespace gramt::eval::format

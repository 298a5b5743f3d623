#include "core/eval/tasks/kit_model_options.h"

#include <nlohmann/json.hpp>

#include "core/common/error.h"

namespace gramt::eval::tasks {
namespace {

// Python's str() of a JSON value as json.loads gives it (the kits slugify this for folder names).
std::string python_str(const nlohmann::ordered_json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  if (v.is_null()) return "None";
  return v.dump();
}

}  // namespace

KitModelOptions parse_kit_model_options(const std::string& json_text) {
  const std::string where = "--model-options";
  nlohmann::ordered_json j;
  try {
    j = nlohmann::ordered_json::parse(json_text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(where + ": not valid JSON: " + e.what());
  }
  if (!j.is_object()) throw Error(where + ": must be a JSON object, like {\"strategy\": \"raw\", \"in_channels\": 2}");
  KitModelOptions out;
  for (const auto& [key, value] : j.items()) {
    out.tag_options.emplace_back(key, python_str(value));
    if (key == "strategy") {
      if (!value.is_string()) throw Error(where + ": strategy must be a string (raw, mean, sum or cls)");
      out.strategy = value.get<std::string>();
    } else if (key == "use_mwmae_decoder") {
      // The reference compares str(value) with "true"; a JSON true reads "True" there and crashes it,
      // so it is accepted here as the evident intent.
      if (!(value == "true" || value == true))
        throw Error(where + ": use_mwmae_decoder must be \"true\": GRAM-T cannot be built without its MW-MAE decoder");
    } else if (key == "in_channels") {
      const int c = value.is_number_integer() ? value.get<int>() : (value.is_string() ? std::atoi(value.get<std::string>().c_str()) : 0);
      if (c != 1 && c != 2 && c != 7) throw Error(where + ": in_channels must be 1, 2 or 7, not " + python_str(value));
      out.in_channels = c;
    } else if (key == "layer") {
      if (!value.is_number_integer()) throw Error(where + ": layer must be an integer");
      out.layer = value.get<int>();
    } else {
      throw Error(where + ": unknown key '" + key + "' (valid: strategy, use_mwmae_decoder, in_channels, layer)");
    }
  }
  return out;
}

std::string kit_module_name(const std::string& patching_name) {
  return patching_name == "time" ? "hear_configs.GRAMTTime" : "hear_configs.GRAMT";
}

}  // namespace gramt::eval::tasks

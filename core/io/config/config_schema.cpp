#include "core/io/config/config_schema.h"

#include <cmath>

namespace gramt::config {
namespace {

using json = nlohmann::json;

std::string inferred_type(const json& value) {
  if (value.is_boolean()) return "bool";
  if (value.is_number_integer()) return "int";
  if (value.is_number()) return "float";
  if (value.is_string()) return "string";
  if (value.is_array()) return "list";
  if (value.is_object()) return "map";
  return "null";
}

void collect_leaves(const json& node, const std::string& prefix, std::vector<std::pair<std::string, json>>& out) {
  for (const auto& [key, value] : node.items()) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (value.is_object() && !value.empty()) collect_leaves(value, path, out);
    else out.emplace_back(path, value);
  }
}

// A bound as JSON: whole for an int key, so a form shows 1 and not 1.0.
json bound(const std::optional<double>& b, const std::string& type) {
  if (!b) return nullptr;
  if (type == "int" && std::floor(*b) == *b) return static_cast<int64_t>(*b);
  return *b;
}

// The value in the annotation's type where the YAML text allows it (precision: 32 is the string
// "32" for a key whose choices are strings).
json as_declared_type(const Config& config, const std::string& key, const json& value, const std::string& type) {
  if (type == "string" && (value.is_number() || value.is_boolean())) return config.node(key).Scalar();
  if (type == "float" && value.is_number_integer()) return value.get<double>();
  return value;
}

json describe(const std::string& key, const json& value, const KeyAnnotation* a, bool in_config, const Config& config) {
  json d;
  d["key"] = key;
  if (a != nullptr) {
    d["type"] = a->type;
    d["value"] = in_config ? as_declared_type(config, key, value, a->type) : a->default_value;
    d["default"] = a->default_value;
    d["min"] = bound(a->min, a->type);
    d["max"] = bound(a->max, a->type);
    d["choices"] = a->choices.empty() ? json(nullptr) : json(a->choices);
    d["help"] = a->help;
  } else {
    d["type"] = inferred_type(value);
    d["value"] = value;
    d["default"] = nullptr;
    d["min"] = nullptr;
    d["max"] = nullptr;
    d["choices"] = nullptr;
    d["help"] = nullptr;
  }
  d["in_config"] = in_config;
  return d;
}

}  // namespace

json list_config_keys(const Config& config, const std::vector<KeyAnnotation>& annotations) {
  std::vector<std::pair<std::string, json>> leaves;
  collect_leaves(config.to_json(), "", leaves);
  auto annotation_of = [&](const std::string& key) -> const KeyAnnotation* {
    for (const auto& a : annotations)
      if (a.key == key) return &a;
    return nullptr;
  };
  json keys = json::array();
  for (const auto& [key, value] : leaves) keys.push_back(describe(key, value, annotation_of(key), true, config));
  for (const auto& a : annotations)
    if (!config.has(a.key)) keys.push_back(describe(a.key, nullptr, &a, false, config));
  return keys;
}

json config_schema(const ComposeRequest& request, const std::vector<KeyAnnotation>& annotations) {
  const ComposedConfig composed = compose_config_with_choices(request);
  json schema;
  schema["groups"] = json::object();
  for (const auto& group : config_groups(request.config_dir)) schema["groups"][group] = group_options(request.config_dir, group);
  schema["selected"] = json::object();
  for (const auto& [group, option] : composed.selected)
    schema["selected"][group] = option ? json(*option) : json(nullptr);
  schema["keys"] = list_config_keys(composed.config, annotations);
  return schema;
}

}  // namespace gramt::config

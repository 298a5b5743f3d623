#pragma once
// A resolved configuration (after composition, overrides and ${...} interpolation) with typed
// access by dotted path, e.g. config.get<int>("trainer.batch_size").
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <vector>

#include "core/common/error.h"

namespace gramt::config {

class Config {
 public:
  Config() : root_(YAML::NodeType::Map) {}
  // `source` names the configuration in error messages (a file, or "config").
  explicit Config(YAML::Node root, std::string source = "config");

  const YAML::Node& root() const { return root_; }
  const std::string& source() const { return source_; }

  bool has(const std::string& path) const;
  // The node at `path`; throws gramt::Error naming the missing key and the valid keys beside it.
  YAML::Node node(const std::string& path) const;
  // Keys of the mapping at `path` ("" = top level), in file order.
  std::vector<std::string> keys(const std::string& path = "") const;

  // Throws gramt::Error naming the key when it is missing or its value does not convert to T.
  template <typename T>
  T get(const std::string& path) const {
    const YAML::Node value = node(path);
    try {
      return value.as<T>();
    } catch (const YAML::Exception&) {
      throw Error(source_ + ": " + path + ": cannot read '" + YAML::Dump(value) + "' as " + type_name<T>());
    }
  }
  template <typename T>
  T get_or(const std::string& path, const T& fallback) const {
    return has(path) ? get<T>(path) : fallback;
  }

  // Block-style YAML of the whole tree (quoted strings stay quoted); parsing it gives this tree back.
  std::string to_yaml() const;
  // JSON with YAML 1.2 core-schema types: unquoted true/false, null, integers and floats are typed.
  nlohmann::json to_json() const;

 private:
  template <typename T>
  static const char* type_name() {
    if constexpr (std::is_same_v<T, bool>) return "a boolean";
    else if constexpr (std::is_integral_v<T>) return "an integer";
    else if constexpr (std::is_floating_point_v<T>) return "a number";
    else if constexpr (std::is_same_v<T, std::string>) return "a string";
    else return "the requested type";
  }

  YAML::Node root_;
  std::string source_ = "config";
};

// Comma-separated keys of a mapping node, for "valid keys: ..." in error messages.
std::string describe_keys(const YAML::Node& map);

// Splits "a.b.c" into {"a", "b", "c"}; throws gramt::Error (prefixed by `where`) for empty parts.
std::vector<std::string> split_key_path(const std::string& path, const std::string& where);

}  // namespace gramt::config

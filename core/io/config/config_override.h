#pragma once
// One command-line override in Hydra's grammar:
//   group=option     choose another file of a group (data=audioset_clean)
//   a.b=value        change an existing key (an error if it does not exist)
//   +a.b=value       add a key that does not exist yet (+group=option adds a group)
//   ++a.b=value      set a key whether or not it exists
//   ~a.b             remove a key
// Values are YAML: 32, 1e-4, true, [2, 5, 0], {a: 1}, 'quoted text'. An empty value is "".
#include <yaml-cpp/yaml.h>

#include <string>

namespace gramt::config {

enum class OverrideKind { kSet, kAdd, kForceSet, kDelete };

struct Override {
  std::string text;  // as given, for error messages
  OverrideKind kind = OverrideKind::kSet;
  std::string key;   // dotted path, or a group name
  YAML::Node value;  // undefined for kDelete
};

// Throws gramt::Error quoting `text` when it is not an override (no '=', empty key, bad YAML value).
Override parse_override(const std::string& text);

}  // namespace gramt::config

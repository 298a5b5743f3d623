#pragma once
// Hydra-style composition of the training configuration from a config folder:
//
//   configs/base.yaml            primary config; its `defaults:` list picks one option per group
//   configs/<group>/<option>.yaml  e.g. data/audioset.yaml, lands under the key <group>
//
// Order: the defaults list in order (group files, and the primary file's own keys where `_self_`
// stands, or last when it is absent; later entries win in a deep merge), then the value overrides
// in command-line order, then ${...} references (config_interpolation.h).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/io/config/config.h"

namespace gramt::config {

struct ComposeRequest {
  std::string config_dir;              // see locate_config_dir() in config_dir.h
  std::string config_name = "base";    // primary config: <config_dir>/<config_name>.yaml
  std::vector<std::string> overrides;  // command-line words, grammar in config_override.h
};

// Throws gramt::Error naming the file, override or key at fault: a missing or invalid file, an
// unknown group option (listing the files of that group), a key that does not exist (listing the
// valid keys at that level), a `+key` that already exists.
Config compose_config(const ComposeRequest& request);

// The composed configuration and which option each group of the defaults list ended up with
// (std::nullopt for a group dropped with `group: null` / `group=null`).
struct ComposedConfig {
  Config config;
  std::map<std::string, std::optional<std::string>> selected;
};
ComposedConfig compose_config_with_choices(const ComposeRequest& request);

// The groups of a config folder: its subfolders holding at least one .yaml file, sorted.
std::vector<std::string> config_groups(const std::string& config_dir);

// Options of a group: the .yaml file names (without extension) in <config_dir>/<group>, sorted.
std::vector<std::string> group_options(const std::string& config_dir, const std::string& group);

}  // namespace gramt::config

#pragma once
// Where the training configs live. In order:
//   1. the folder given explicitly (command-line --config-dir);
//   2. the environment variable GRAMT_CONFIG_DIR;
//   3. the first `configs/` (source tree, build tree) or `share/gramt/configs/` (installed) that
//      holds base.yaml, searched from the executable's folder upwards;
//   4. ./configs in the working folder.
#include <string>

namespace gramt::config {

// Throws gramt::Error listing the places searched when none holds base.yaml (or when the explicit
// or GRAMT_CONFIG_DIR folder lacks it).
std::string locate_config_dir(const std::string& explicit_dir = "");

}  // namespace gramt::config

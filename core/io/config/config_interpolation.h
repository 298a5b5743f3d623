#pragma once
// ${a.b} references between configuration values, as Hydra (OmegaConf) resolves them: a value that
// is exactly "${a.b}" becomes a copy of that node (numbers stay numbers, lists stay lists); a
// reference inside longer text is replaced by the referenced scalar's text ("${data.root}/noise").
// Paths are absolute from the top of the tree. References may chain; cycles are errors.
#include <yaml-cpp/yaml.h>

#include <string>

namespace gramt::config {

// Resolves every reference in `root` in place. Throws gramt::Error naming the key that holds the
// reference, the reference, and what is wrong (missing key with the valid keys, not a scalar, cycle).
// `source` prefixes error messages.
void resolve_interpolations(YAML::Node& root, const std::string& source);

}  // namespace gramt::config

#pragma once
// A description of every key of a composed configuration (type, current value, default, allowed
// range or values, one line of help), from which a form can be built, e.g. the workbench's
// "New run" form, fed by `gramt-cli train --schema`. The annotations come from the code that reads
// the keys (train_setting_table.h for the trainer); a key without one still appears, with its type
// inferred from its YAML value.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/io/config/config.h"
#include "core/io/config/config_composer.h"

namespace gramt::config {

struct KeyAnnotation {
  std::string key;                    // dotted path, e.g. "trainer.steps"
  std::string type;                   // "int", "float", "bool", "string" or "list"
  nlohmann::json default_value;       // used when the configuration lacks the key
  std::optional<double> min, max;     // inclusive bounds of a number
  std::vector<std::string> choices;   // the allowed values of a string (empty: any)
  std::string help;                   // one line
};

// Every leaf key of `config` (depth first, alphabetical), then the annotated keys it lacks, each as
// {"key", "type", "value", "default", "min", "max", "choices", "help", "in_config"}; absent facts
// are null. A key that is not in the config ("in_config": false) needs `+key=value` to be set.
nlohmann::json list_config_keys(const Config& config, const std::vector<KeyAnnotation>& annotations);

// {"groups": {group: [options]}, "selected": {group: option or null}, "keys": list_config_keys(...)}
// for the configuration `request` composes. Throws gramt::Error as compose_config does.
nlohmann::json config_schema(const ComposeRequest& request, const std::vector<KeyAnnotation>& annotations);

}  // namespace gramt::config

#pragma once
// Every setting of `gramt-cli predict`, `embed-tasks` and `evaluate`, declared once (type, default,
// range or choices, one line of help, which commands take it), as train_setting_table.h does for
// the trainer. The CLI registers its options from these rows, `gramt-cli evaluate --schema` prints
// them, and the workbench's Evaluate form is built from them: a default or a choice changes here
// and nowhere else. Inputs and outputs (weights, folders, tags) are not settings and stay with
// each command.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/io/config/config_schema.h"

namespace gramt::eval::settings {

enum Command : unsigned { kPredict = 1u, kEmbedTasks = 2u, kEvaluate = 4u };

struct EvaluationSetting {
  config::KeyAnnotation annotation;  // key = the long option's name without dashes, e.g. "grid-points"
  unsigned commands = 0;             // Command bits
};

const std::vector<EvaluationSetting>& evaluation_setting_table();

// The row of `key`; throws gramt::Error for a key without one (a programming error).
const EvaluationSetting& evaluation_setting(const std::string& key);

const char* command_name(Command command);  // "predict", "embed-tasks", "evaluate"

// {"command": "evaluate", "settings": [{"key", "option", "type", "default", "min", "max",
// "choices", "help"}, ...]} for the rows `command` takes, in table order; absent facts are null.
nlohmann::json evaluation_settings_schema(Command command);

// Checks a value given for `key` against its row: a number inside [min, max], a string among the
// choices. Returns "" when valid, else the problem in words ("'16' is not one of 32, fp32, ...",
// "must be between 1 and 1000 (it is 0)"), for the caller to prefix with the option's name.
std::string setting_value_problem(const std::string& key, const std::string& value_text);

}  // namespace gramt::eval::settings

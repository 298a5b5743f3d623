#pragma once
// Registers a command's options from the declared evaluation settings
// (core/eval/settings/evaluation_settings.h): the option's name, help, default and its check come
// from the setting's row, so the CLI, `--schema` and the workbench's form cannot disagree.
#include <cstdint>
#include <iostream>
#include <string>
#include <type_traits>

#include <CLI/CLI.hpp>

#include "core/common/error.h"
#include "core/eval/settings/evaluation_settings.h"

namespace gramt::cli {

namespace setting_detail {

template <typename T>
void assign_default(const nlohmann::json& value, T& target) {
  if (value.is_null()) return;  // no default: the variable's own value stands
  target = value.get<T>();
}

}  // namespace setting_detail

// Adds --<key> to `cmd`, which must be among the commands the row names, with `target` set to the
// row's default first. A value out of range or outside the choices is refused by CLI11 with the
// option named, e.g. "--grid-points: must be between 1 and 1000 (it is 0)".
template <typename T>
CLI::Option* add_setting_option(CLI::App& cmd, eval::settings::Command command, const std::string& key, T& target) {
  const auto& setting = eval::settings::evaluation_setting(key);
  if ((setting.commands & command) == 0)
    throw Error("evaluation settings: '" + key + "' is not a setting of " + eval::settings::command_name(command));
  const auto& row = setting.annotation;
  if constexpr (std::is_same_v<T, bool>) {
    setting_detail::assign_default(row.default_value, target);
    return cmd.add_flag("--" + key, target, row.help);
  } else {
    setting_detail::assign_default(row.default_value, target);
    CLI::Option* option = cmd.add_option("--" + key, target, row.help);
    if (!row.default_value.is_null()) option->capture_default_str();
    option->check(CLI::Validator(
        [key](std::string& value) { return eval::settings::setting_value_problem(key, value); }, "", key));
    return option;
  }
}

// `--schema`: prints the command's settings as JSON (evaluation_settings_schema) and exits.
inline void add_schema_flag(CLI::App& cmd, eval::settings::Command command) {
  cmd.add_flag_callback(
      "--schema",
      [command] {
        std::cout << eval::settings::evaluation_settings_schema(command).dump(2) << std::endl;
        throw CLI::Success();
      },
      "print every setting of this command (type, default, range or choices, help) as JSON, and exit");
}

}  // namespace gramt::cli

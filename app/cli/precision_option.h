#pragma once
// The --precision option of the embedding commands: 32 / fp32 (default, exact) or bf16 /
// bf16-mixed. bf16 applies to the CPU where it has native bf16; otherwise one line on stderr says
// why the run stays fp32.
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "core/eval/settings/evaluation_settings.h"
#include "core/model/compute_precision.h"

namespace gramt::cli {

// `embed`'s --precision: the same row as the evaluation commands' (evaluation_settings.h).
inline CLI::Option* add_precision_option(CLI::App& cmd, std::string& value) {
  const auto& row = eval::settings::evaluation_setting("precision").annotation;
  value = row.default_value.get<std::string>();
  return cmd.add_option("--precision", value, row.help)->capture_default_str();
}

// Parses the option (an error lists the valid values) and decides what the run computes in.
inline model::ComputePrecision resolve_precision_option(const std::string& value, bool on_cpu) {
  const model::ComputePrecision wanted = model::parse_compute_precision(value, "--precision");
  if (!on_cpu || wanted == model::ComputePrecision::fp32) return wanted;
  const model::PrecisionChoice choice = model::choose_cpu_precision(wanted);
  if (!choice.notice.empty()) std::cerr << "gramt-cli: note: --precision " << value << ": " << choice.notice << "\n";
  return choice.precision;
}

}  // namespace gramt::cli

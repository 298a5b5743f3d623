#pragma once
// Running an installed command-line tool (espeak-ng, fluidsynth) without a shell.
#include <string>
#include <vector>

namespace gramt::data {

// Full path of `program` on PATH, or "" when it is not installed.
std::string find_program(const std::string& program);

// Runs argv[0] with the arguments and waits. Throws gramt::Error naming `debian_package` when the
// program is not installed, and quoting the end of its error output when it fails.
void run_tool(const std::vector<std::string>& argv, const std::string& debian_package);

}  // namespace gramt::data

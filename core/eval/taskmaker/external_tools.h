#pragma once
// The Debian programs and data files the task maker renders sound with. A missing one is an error
// that names the package to install, before any work starts.
#include <string>
#include <vector>

namespace gramt::eval::taskmaker {

// Full path of `program` on PATH, or "" when it is not there.
std::string find_program(const std::string& program);

// Throws gramt::Error "<program> not found on PATH: install the Debian package <package> ..."
std::string require_program(const std::string& program, const std::string& debian_package);
// Throws gramt::Error naming the file and the package that installs it.
void require_data_file(const std::string& path, const std::string& debian_package);

// Runs argv[0] (looked up on PATH) with the arguments, no shell, stdout discarded; stderr goes to
// `log_path`. Throws gramt::Error quoting the command and the end of its stderr when it cannot be
// started or exits non-zero.
void run_program(const std::vector<std::string>& argv, const std::string& log_path);

}  // namespace gramt::eval::taskmaker

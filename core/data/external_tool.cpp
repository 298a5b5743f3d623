#include "core/data/external_tool.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/common/error.h"

extern char** environ;

namespace gramt::data {

std::string find_program(const std::string& program) {
  if (program.find('/') != std::string::npos) return ::access(program.c_str(), X_OK) == 0 ? program : "";
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const auto candidate = (std::filesystem::path(dir.empty() ? "." : dir) / program).string();
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

void run_tool(const std::vector<std::string>& argv, const std::string& debian_package) {
  if (argv.empty()) throw Error("run_tool: no program given");
  const std::string program = find_program(argv[0]);
  if (program.empty())
    throw Error(argv[0] + " is not installed; install the Debian package " + debian_package + " (apt-get install " +
                debian_package + ")");
  // The tool's own messages go to a temporary file, quoted if it fails.
  char log_path[] = "/tmp/gramt-tool-XXXXXX";
  const int log_fd = ::mkstemp(log_path);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (log_fd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, log_fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, log_fd, STDERR_FILENO);
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (spawned == 0) ::waitpid(pid, &status, 0);
  std::string output;
  if (log_fd >= 0) {
    ::close(log_fd);
    std::ifstream in(log_path);
    std::stringstream s;
    s << in.rdbuf();
    output = s.str();
    ::unlink(log_path);
  }
  if (spawned != 0) throw Error(argv[0] + ": cannot start (" + std::to_string(spawned) + ")");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    if (output.size() > 400) output = "..." + output.substr(output.size() - 400);
    throw Error(argv[0] + " failed (exit status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                ")" + (output.empty() ? "" : ": " + output));
  }
}

}  // namespace gramt::data

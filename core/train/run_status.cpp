// status.json of a run folder (declared in run_folder.h): written by the training process at start,
// at each checkpoint and at its end; read by the workbench, which cannot otherwise tell a run that
// is still going from one whose process was killed.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/common/atomic_file.h"
#include "core/train/run_folder.h"

namespace gramt::train {
namespace {

constexpr RunState kAllStates[] = {RunState::unknown, RunState::running, RunState::finished, RunState::stopped,
                                   RunState::crashed};

bool process_alive(int64_t pid) {
  if (pid <= 0) return false;
  // Signal 0 only checks: EPERM means the process exists but belongs to someone else.
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

RunStatus garbled(const RunFolder& run, const std::string& what) {
  RunStatus status;
  status.message = run.status_path() + ": " + what;
  return status;
}

}  // namespace

std::string to_string(RunState state) {
  switch (state) {
    case RunState::unknown: return "unknown";
    case RunState::running: return "running";
    case RunState::finished: return "finished";
    case RunState::stopped: return "stopped";
    case RunState::crashed: return "crashed";
  }
  return "unknown";
}

std::string this_host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0) return "";
  return name;
}

RunStatus read_run_status(const RunFolder& run) {
  std::ifstream in(run.status_path(), std::ios::binary);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error&) {
    return garbled(run, "not valid JSON");
  }
  if (!j.is_object()) return garbled(run, "expected a JSON object");
  RunStatus status;
  try {
    const std::string state = j.value("state", std::string("unknown"));
    bool known = false;
    for (RunState s : kAllStates)
      if (to_string(s) == state) status.state = s, known = true;
    if (!known) return garbled(run, "unknown state '" + state + "'");
    status.step = j.value("step", int64_t{0});
    status.steps_total = j.value("steps_total", int64_t{0});
    status.pid = j.value("pid", int64_t{0});
    status.host = j.value("host", std::string());
    status.started = j.value("started", 0.0);
    status.updated = j.value("updated", 0.0);
    status.message = j.value("message", std::string());
  } catch (const nlohmann::json::exception&) {
    return garbled(run, "a field has the wrong type");
  }
  // Only a pid on this machine can be checked; a run on another host keeps its word.
  if (status.state == RunState::running && status.host == this_host_name() && !process_alive(status.pid)) {
    status.state = RunState::crashed;
    status.message = "process " + std::to_string(status.pid) + " on " + status.host +
                     " is gone without recording an end (killed, out of memory or crashed)";
  }
  return status;
}

void write_run_status(const RunFolder& run, const RunStatus& status) {
  const nlohmann::json j = {{"state", to_string(status.state)}, {"step", status.step},
                            {"steps_total", status.steps_total}, {"pid", status.pid},
                            {"host", status.host},                {"started", status.started},
                            {"updated", status.updated},          {"message", status.message}};
  // Replace invalid UTF-8 (an error text may quote a file name) instead of failing to write.
  write_file_atomically(run.status_path(), j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

}  // namespace gramt::train

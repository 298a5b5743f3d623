#pragma once
// `--progress json`: machine-readable progress for a program driving gramt-cli (the workbench).
// Standard output then carries nothing but one JSON object per line, e.g.
//   {"stage":"train","done":12,"total":150,"seconds":3.2,"eta":36.8,"loss":0.41,"crops_per_s":90.1}
//   {"stage":"done","done":150,"total":150,"seconds":41.0,"eta":0, ...}
// Everything else a command or its libraries and child processes would print to stdout is sent to
// stderr instead (see JsonProgress's constructor), so the stream stays parseable.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include <CLI/CLI.hpp>

#include "core/common/error.h"

namespace gramt::cli {

// The --progress option of the commands the workbench drives: bar (a terminal's) or json.
inline CLI::Option* add_progress_option(CLI::App& cmd, std::string& value) {
  return cmd.add_option("--progress", value, "bar | json (stdout: one JSON object per line, nothing else)")
      ->check(CLI::IsMember({"bar", "json"}))
      ->capture_default_str();
}

class JsonProgress {
 public:
  // Takes over stdout: JSON lines go to a private copy of it, and file descriptor 1 is pointed at
  // stderr for everybody else. min_interval_seconds: lines closer together than this are skipped,
  // except the last one of a stage (done == total) and the final "done" line.
  explicit JsonProgress(double min_interval_seconds = 0.2)
      : min_interval_(min_interval_seconds), start_(std::chrono::steady_clock::now()) {
    std::fflush(stdout);
    const int copy = ::dup(STDOUT_FILENO);
    if (copy < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) throw Error("--progress json: cannot redirect stdout");
    out_ = ::fdopen(copy, "w");
    if (out_ == nullptr) throw Error("--progress json: cannot open a stream on stdout");
  }
  ~JsonProgress() {
    if (out_ != nullptr) std::fclose(out_);
  }
  JsonProgress(const JsonProgress&) = delete;
  JsonProgress& operator=(const JsonProgress&) = delete;

  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

  // One line for `stage`: done of total, the seconds since construction and the estimated seconds
  // left (null until something is done), plus `extra`'s members. NaN/Inf in extra become null.
  void report(const std::string& stage, int64_t done, int64_t total, const nlohmann::json& extra = nlohmann::json::object()) {
    const int64_t first = first_done(stage, done);
    const double elapsed = seconds();
    if (done < total && last_ >= 0 && elapsed - last_ < min_interval_) return;
    nlohmann::json line = {{"stage", stage}, {"done", done}, {"total", total}, {"seconds", elapsed}};
    line["eta"] = done > first && total > 0
                      ? nlohmann::json(elapsed_since_first(elapsed) * static_cast<double>(total - done) /
                                       static_cast<double>(done - first))
                      : nlohmann::json(nullptr);
    write(line, extra);
    last_ = elapsed;
  }

  // The last line: {"stage":"done", ...extra}.
  void finish(const nlohmann::json& extra = nlohmann::json::object()) {
    write({{"stage", "done"}, {"seconds", seconds()}}, extra);
  }

  // A failure, before the command exits non-zero: {"stage":"error","message":...}.
  void error(const std::string& message) { write({{"stage", "error"}, {"seconds", seconds()}, {"message", message}}, {}); }

 private:
  // The rate is measured from the first report of a stage, so work done before this process (a
  // resumed run's earlier steps) does not inflate it.
  int64_t first_done(const std::string& stage, int64_t done) {
    if (stage != stage_) {
      stage_ = stage;
      first_done_ = done;
      first_seconds_ = seconds();
    }
    return first_done_;
  }
  double elapsed_since_first(double elapsed) const { return elapsed - first_seconds_; }

  void write(nlohmann::json line, const nlohmann::json& extra) {
    for (const auto& [key, value] : extra.items())
      line[key] = value.is_number_float() && !std::isfinite(value.get<double>()) ? nlohmann::json(nullptr) : value;
    const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::fputs(text.c_str(), out_);
    std::fflush(out_);
  }

  double min_interval_;
  std::chrono::steady_clock::time_point start_;
  std::FILE* out_ = nullptr;
  double last_ = -1;
  std::string stage_;
  int64_t first_done_ = 0;
  double first_seconds_ = 0;
};

// Runs `body`; when it throws, the JSON-lines reader (if any) gets the error line before the
// exception goes on to main's one-line message and exit status.
template <typename Body>
void reporting_errors_to(JsonProgress* json, Body&& body) {
  try {
    body();
  } catch (const Cancelled&) {
    if (json) json->error("cancelled; rerun the same command to resume");
    throw;
  } catch (const std::exception& e) {
    if (json) json->error(e.what());
    throw;
  }
}

}  // namespace gramt::cli

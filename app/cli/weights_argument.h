#pragma once
// Every command's weights argument: a file, or hf://org/name[@revision] answered from the hub cache
// and downloaded into it when missing. A download draws its progress (MB/s, ETA) on stderr, or
// JSON lines ("stage":"download") for the workbench.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "app/cli/json_progress.h"
#include "app/cli/progress_bar.h"
#include "core/hub/hub_weights.h"

namespace gramt::cli {

// One terminal line per file while it downloads: bytes, MB/s over this try, ETA.
class DownloadProgressLine {
 public:
  explicit DownloadProgressLine(JsonProgress* json = nullptr) : json_(json) {}
  ~DownloadProgressLine() { finish(); }

  void draw(const hub::DownloadStatus& s) {
    const double rate = s.seconds > 0 ? static_cast<double>(s.done_bytes - s.resumed_from) / s.seconds : 0;
    const double eta = rate > 0 && s.total_bytes > s.done_bytes ? static_cast<double>(s.total_bytes - s.done_bytes) / rate : 0;
    if (json_) {
      json_->report("download", static_cast<int64_t>(s.done_bytes), static_cast<int64_t>(s.total_bytes),
                    {{"file", s.file}, {"bytes_per_s", rate}, {"what", s.file}});
      return;
    }
    if (!isatty(STDERR_FILENO)) return;
    const auto now = std::chrono::steady_clock::now();
    const bool complete = s.total_bytes > 0 && s.done_bytes >= s.total_bytes;
    if (!complete && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double fraction = s.total_bytes ? static_cast<double>(s.done_bytes) / static_cast<double>(s.total_bytes) : 0;
    const int width = 30, filled = static_cast<int>(fraction * width);
    std::fprintf(stderr, "\r%s [%s%s] %.1f/%.1f MB  %.1f MB/s  ETA %.0fs   \033[K", s.file.c_str(),
                 std::string(static_cast<size_t>(filled), '#').c_str(), std::string(static_cast<size_t>(width - filled), '.').c_str(),
                 static_cast<double>(s.done_bytes) / 1e6, static_cast<double>(s.total_bytes) / 1e6, rate / 1e6, eta);
    drawn_ = true;
  }
  void finish() {
    if (drawn_) std::fprintf(stderr, "\n");
    drawn_ = false;
  }

 private:
  JsonProgress* json_;
  std::chrono::steady_clock::time_point last_{};
  bool drawn_ = false;
};

// Resolves `argument`; Ctrl-C stops a download (the part is kept for the next try).
inline hub::ResolvedWeights resolve_weights_option(const std::string& argument, JsonProgress* json = nullptr) {
  if (!hub::is_hub_argument(argument)) return hub::resolve_weights_argument(argument);
  CtrlCCancels ctrl_c;
  DownloadProgressLine line(json);
  hub::ResolveParams params;
  params.on_progress = [&line](const hub::DownloadStatus& s) { line.draw(s); };
  params.on_note = [](const std::string& note) { print_log_line("gramt-cli: " + note); };
  params.cancel = ctrl_c.flag_ptr();
  return hub::resolve_weights_argument(argument, params);
}

// For default output names: the repo's name ("gramt-binaural-time") stands in for the file's stem,
// which in the cache is always "model".
inline std::string weights_name_for_tags(const hub::ResolvedWeights& w) {
  return w.ref ? w.ref->repo.substr(w.ref->repo.find('/') + 1) + ".safetensors" : w.path;
}

}  // namespace gramt::cli

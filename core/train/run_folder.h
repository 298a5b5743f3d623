#pragma once
// The one place that knows how a training run folder is laid out, and what the workbench reads
// from it while a run is going or after it ended:
//
//   <dir>/config.yaml                        the resolved configuration the run was started with
//   <dir>/metrics.jsonl                      one JSON object per step/event (run_metrics.h reads it)
//   <dir>/status.json                        running / finished / stopped / crashed, step, pid, host
//   <dir>/tb/                                TensorBoard event files
//   <dir>/images/step-NNNNNNNN-<tag>.png     spectrogram images, tags in kImageTags
//   <dir>/checkpoints/step-NNNNNNNN.safetensors (+ .state.safetensors)
//
// No LibTorch and no Qt here, so the GUI and small tools can use it cheaply.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gramt::train {

// The spectrogram panels a run saves as images, in display order.
inline constexpr const char* kImageTags[4] = {"input_spectrogram", "masked_spectrogram", "target_spectrogram",
                                              "generated_spectrogram"};

class RunFolder {
 public:
  explicit RunFolder(std::string dir);

  // The run a checkpoint file belongs to (<run>/checkpoints/<file>), or nullopt for weights kept
  // anywhere else. Only the path's shape is looked at; nothing needs to exist.
  static std::optional<RunFolder> of_checkpoint(const std::string& weights_path);

  const std::string& dir() const { return dir_; }
  std::string config_path() const;       // <dir>/config.yaml
  std::string metrics_path() const;      // <dir>/metrics.jsonl
  std::string status_path() const;       // <dir>/status.json
  std::string tensorboard_dir() const;   // <dir>/tb
  std::string images_dir() const;        // <dir>/images
  std::string checkpoints_dir() const;   // <dir>/checkpoints

  // images/step-%08lld-<tag>.png
  std::string image_path(int64_t step, const std::string& tag) const;
  // step -> tags with a PNG present (a scan of images/; tags in file-name order). Empty when the
  // folder is missing.
  std::map<int64_t, std::vector<std::string>> image_steps() const;

  // Steps whose checkpoint is complete (weights and state file present), ascending.
  std::vector<int64_t> checkpoint_steps() const;
  std::string checkpoint_weights_path(int64_t step) const;  // checkpoints/step-%08lld.safetensors
  std::string checkpoint_state_path(int64_t step) const;    // checkpoints/step-%08lld.state.safetensors

  bool looks_like_run() const;           // config.yaml or metrics.jsonl present

 private:
  std::string dir_;
};

// Immediate subfolders of `runs_root` that look like runs, sorted by name; a missing root gives none.
std::vector<RunFolder> find_run_folders(const std::string& runs_root);

enum class RunState { unknown, running, finished, stopped, crashed };
std::string to_string(RunState state);  // "unknown", "running", ...

struct RunStatus {
  RunState state = RunState::unknown;
  int64_t step = 0, steps_total = 0;
  int64_t pid = 0;
  std::string host;
  double started = 0, updated = 0;       // unix seconds
  std::string message;                   // e.g. the error text, or "stopped by signal"
};

// Reads status.json. Never throws: a missing file gives state unknown; a garbled one gives unknown
// with a message saying what is wrong. A "running" run whose pid is not alive on this host becomes
// "crashed" (the message says so): a killed process cannot write its own end.
RunStatus read_run_status(const RunFolder& run);

// Writes status.json atomically (temporary file + rename). Throws gramt::Error naming the file.
void write_run_status(const RunFolder& run, const RunStatus& status);

// This machine's host name, as written into status.json.
std::string this_host_name();

}  // namespace gramt::train

#pragma once
// A weights argument as every command takes it: a file path, or `hf://org/name[@revision]`, which
// is answered from the hub cache and downloaded into it when missing (never with HF_HUB_OFFLINE=1).
#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "core/hub/hub_download.h"
#include "core/hub/hub_reference.h"
#include "core/hub/hub_settings.h"

namespace gramt::hub {

// The files of a hub model repo that we read.
constexpr const char* kWeightsFileName = "model.safetensors";
constexpr const char* kConfigFileName = "config.json";

struct ResolvedWeights {
  std::string path;                  // the local file to open (for hf://: snapshots/<commit>/model.safetensors)
  std::optional<HubReference> ref;   // set for hf:// arguments
  std::string commit;                // the snapshot's commit (hf:// only)
  std::string sha256;                // the blob's SHA-256, announced by the hub and checked (hf:// only)
  std::string config_json;           // snapshots/<commit>/config.json where the repo has one
  std::string display_name() const;  // "gramt-binaural-time @ 1a2b3c4", or the path
};

struct ResolveParams {
  HubSettings settings = hub_settings_from_environment();
  std::function<void(const DownloadStatus&)> on_progress;
  std::function<void(const std::string&)> on_note;
  const std::atomic<bool>* cancel = nullptr;
};

// A path comes back as it is. An hf:// argument is answered from the cache (the cached blob's
// SHA-256 checked first), else pulled; gramt::Error naming the repo and file when neither works.
ResolvedWeights resolve_weights_argument(const std::string& argument, const ResolveParams& params = {});

// "gramt-binaural-time @ 1a2b3c4": how listings and choosers name a cached hub model.
std::string hub_display_name(const HubReference& ref, const std::string& commit);

}  // namespace gramt::hub

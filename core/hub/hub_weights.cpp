#include "core/hub/hub_weights.h"

#include <system_error>

#include "core/common/error.h"
#include "core/hub/hub_cache_layout.h"

namespace fs = std::filesystem;

namespace gramt::hub {

std::string hub_display_name(const HubReference& ref, const std::string& commit) {
  return ref.repo.substr(ref.repo.find('/') + 1) + " @ " + commit.substr(0, 7);
}

std::string ResolvedWeights::display_name() const { return ref ? hub_display_name(*ref, commit) : path; }

ResolvedWeights resolve_weights_argument(const std::string& argument, const ResolveParams& params) {
  ResolvedWeights out;
  if (!is_hub_argument(argument)) {
    out.path = argument;
    return out;
  }
  const HubReference ref = parse_hub_reference(argument);
  out.ref = ref;
  const HubCacheLayout cache(params.settings.cache_root);

  // The cache answers first (no network for a model already there); a blob whose bytes no longer
  // match its hash is never used.
  if (const auto path = cache.cached_file(ref, kWeightsFileName)) {
    std::error_code ec;
    const fs::path blob = fs::canonical(*path, ec);
    const std::string etag = blob.filename().string();
    if (!ec && blob_is_intact(blob, etag)) {
      out.path = path->string();
      out.commit = *cache.cached_commit(ref);
      out.sha256 = etag.size() == 64 ? etag : std::string();
      if (const auto config = cache.cached_file(ref, kConfigFileName)) out.config_json = config->string();
      return out;
    }
    if (params.settings.offline)
      throw Error(ref.text() + ": " + kWeightsFileName + ": the cached blob " + blob.string() +
                  " does not match its SHA-256 (corrupted); run `gramt-cli pull " + ref.repo +
                  "` with a network to download it again");
  }
  PullParams pull;
  pull.ref = ref;
  pull.settings = params.settings;
  pull.on_progress = params.on_progress;
  pull.on_note = params.on_note;
  pull.cancel = params.cancel;
  const PullResult result = pull_from_hub(pull);
  out.commit = result.commit;
  for (const auto& f : result.files) {
    if (f.name == kWeightsFileName) {
      out.path = f.path.string();
      out.sha256 = f.lfs ? f.etag : std::string();
    }
    if (f.name == kConfigFileName) out.config_json = f.path.string();
  }
  return out;
}

}  // namespace gramt::hub

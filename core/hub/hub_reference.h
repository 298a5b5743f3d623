#pragma once
// A model repository on the Hugging Face hub and the revision wanted: `hf://org/name[@revision]`
// wherever weights are accepted, or `org/name[@revision]` for `gramt-cli pull`.
#include <string>

namespace gramt::hub {

struct HubReference {
  std::string repo;              // "org/name"
  std::string revision = "main"; // a branch, a tag or a 40-hex commit

  // "hf://org/name" (the revision only when it is not main).
  std::string text() const;
};

constexpr const char* kHubScheme = "hf://";

// True for "hf://…": such a weights argument names a hub repository, not a file.
bool is_hub_argument(const std::string& text);

// Parses "hf://org/name[@rev]" or "org/name[@rev]"; throws gramt::Error saying what is wrong with it.
HubReference parse_hub_reference(const std::string& text);

// True for a full commit hash (40 lowercase hex digits), which needs no refs/ file in the cache.
bool is_commit_hash(const std::string& revision);

}  // namespace gramt::hub

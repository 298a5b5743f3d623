#pragma once
// Where the hub is and how to talk to it, from the same environment variables the hub's own tools
// read, so one cache serves Python and us: HF_HUB_CACHE (else $HF_HOME/hub, else
// $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub), HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE.
#include <string>

namespace gramt::hub {

struct HubSettings {
  std::string endpoint = "https://huggingface.co";
  std::string token;       // sent as a bearer token when not empty
  bool offline = false;    // never touch the network; answer from the cache or fail
  std::string cache_root;  // the folder holding models--org--name/
};

HubSettings hub_settings_from_environment();

}  // namespace gramt::hub

#include "core/hub/hub_settings.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace gramt::hub {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

// The hub's tools read 1/ON/YES/TRUE, in any case, as true.
bool env_flag(const char* name) {
  std::string v = env(name);
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return v == "1" || v == "ON" || v == "YES" || v == "TRUE";
}

}  // namespace

HubSettings hub_settings_from_environment() {
  HubSettings s;
  if (!env("HF_ENDPOINT").empty()) s.endpoint = env("HF_ENDPOINT");
  while (!s.endpoint.empty() && s.endpoint.back() == '/') s.endpoint.pop_back();
  s.token = env("HF_TOKEN");
  s.offline = env_flag("HF_HUB_OFFLINE");
  if (!env("HF_HUB_CACHE").empty()) {
    s.cache_root = env("HF_HUB_CACHE");
  } else {
    std::string home = env("HF_HOME");
    if (home.empty()) {
      const std::string xdg = env("XDG_CACHE_HOME");
      home = (xdg.empty() ? env("HOME") + "/.cache" : xdg) + "/huggingface";
    }
    s.cache_root = home + "/hub";
  }
  return s;
}

}  // namespace gramt::hub

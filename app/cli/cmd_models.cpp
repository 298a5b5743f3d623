// gramt-cli models: the published GRAM-T models and which of them the hub cache holds.
#include <iomanip>
#include <iostream>

#include "app/cli/commands.h"
#include "core/hub/hub_cache_layout.h"
#include "core/hub/hub_weights.h"
#include "core/hub/published_models.h"

namespace gramt::cli {

void add_models_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("models", "List the published GRAM-T models (hf://labhamlet/...) and which are in the hub cache");
  cmd->callback([] {
    const hub::HubSettings settings = hub::hub_settings_from_environment();
    const hub::HubCacheLayout cache(settings.cache_root);
    std::cout << "published GRAM-T models (MIT licence); cache: " << settings.cache_root << "\n";
    for (const auto& m : hub::published_models()) {
      const hub::HubReference ref{m.repo, "main"};
      const auto cached = cache.cached_file(ref, hub::kWeightsFileName);
      std::cout << "  hf://" << std::left << std::setw(32) << m.repo << std::setw(7) << m.patching << std::setw(3) << m.channels
                << (m.channels == 1 ? "channel   " : "channels  ")
                << (cached ? "cached @ " + cache.cached_commit(ref)->substr(0, 7) : std::string("not cached")) << "\n"
                << "      " << m.purpose << "\n";
    }
    std::cout << "get one: gramt-cli pull labhamlet/gramt-binaural   (then --weights hf://labhamlet/gramt-binaural)\n";
  });
}

}  // namespace gramt::cli

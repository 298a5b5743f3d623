#pragma once
// The kits' `--model-options` JSON object as GRAM-T's HEAR modules (hear_configs.GRAMT / GRAMTTime)
// read it: strategy, use_mwmae_decoder, in_channels, layer (model spec §8.1). It also names the
// embeddings folder the way the kits do: `<module>-<key>=<value>...` in the order given (eval spec §2.2).
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gramt::eval::tasks {

struct KitModelOptions {
  // Every key with Python's str() of its value, in the order given (for the folder name).
  std::vector<std::pair<std::string, std::string>> tag_options;
  std::optional<std::string> strategy;
  std::optional<int> in_channels;
  std::optional<int> layer;
};

// Throws gramt::Error naming --model-options and the key: not a JSON object, an unknown key, a value
// of the wrong type, use_mwmae_decoder other than "true" (the reference cannot build the model
// without its MW-MAE decoder, model spec §9.9), in_channels other than 1, 2 or 7.
KitModelOptions parse_kit_model_options(const std::string& json_text);

// The reference's HEAR module for a patching: frame → hear_configs.GRAMT, time → hear_configs.GRAMTTime.
std::string kit_module_name(const std::string& patching_name);

}  // namespace gramt::eval::tasks

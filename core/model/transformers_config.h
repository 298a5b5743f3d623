#pragma once
// The architecture a transformers-style config.json states. Newer GRAM-T repos on the hub are laid
// out for transformers' AutoModel (config.json + Python code beside model.safetensors); we never run
// that code, we only read the fields that describe the architecture. Tensor shapes still decide
// everything they show; the config adds what they cannot (head counts) and is checked against them.
#include <optional>
#include <string>
#include <vector>

#include "core/model/model_config.h"

namespace gramt::model {

struct StatedArchitecture {
  std::string path;
  std::optional<int> in_channels, input_tdim;
  std::optional<std::string> patching;
  std::optional<int> encoder_layers, encoder_dim, encoder_heads, encoder_mlp_dim;
  std::optional<int> decoder_depth, decoder_dim, decoder_heads;
  std::optional<std::vector<int>> window_sizes;
  std::vector<std::string> stated;  // the config.json keys that were read, for the notes
};

// Reads `path`; throws gramt::Error naming the file and the field for unreadable JSON or a field of
// the wrong type. Unknown fields are ignored (the file also holds transformers' own settings).
StatedArchitecture read_transformers_config(const std::string& path);

// Takes the stated head counts and windows into `config` (inferred from shapes); a stated value
// that contradicts the shapes is an error naming the field. `notes` says what came from where.
void apply_stated_architecture(ModelConfig& config, const StatedArchitecture& stated, std::vector<std::string>* notes);

// config.json beside a weights file named model.safetensors (the transformers layout), or "".
std::string transformers_config_beside(const std::string& weights_path);

}  // namespace gramt::model

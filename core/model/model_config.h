#pragma once
// GRAM-T's configuration: the `model:` section of our YAML configs (see configs/ and the golden
// cases). `base` reproduces the published model; `custom` takes any sizes.
#include <string>
#include <vector>

namespace gramt::model {

struct PatchingConfig {
  std::string name = "frame";  // "frame" (16×8) or "time" (128×2); other shapes are "custom"
  int fshape = 16, fstride = 16, tshape = 8, tstride = 8;
};

struct EncoderConfig {
  int layers = 12, dim = 768, heads = 12, mlp_dim = 3072;
  double ln_eps = 1e-6;
};

struct DecoderConfig {
  bool use_mwmae = true;
  int depth = 8, dim = 512, heads = 8;
  std::vector<int> window_sizes{2, 5, 10, 25, 50, 100, 0, 0};  // 0 = global head
  double mlp_ratio = 4.0;
};

struct ModelConfig {
  std::string size = "base";  // "base" or "custom"
  int in_channels = 2;
  int num_mel_bins = 128;
  int input_tdim = 200;
  int sample_rate = 32000;
  PatchingConfig patching;
  EncoderConfig encoder;
  DecoderConfig decoder;
  int mask_patch = 160;

  int grid_f() const;       // patches along frequency
  int grid_t() const;       // patches along time
  int num_patches() const;  // grid_f * grid_t
  int patch_dim() const;    // in_channels * fshape * tshape
  int raw_embedding_dim() const { return grid_f() * encoder.dim; }

  // The published base model with "frame" (16×8) or "time" (128×2) patching.
  static ModelConfig base(const std::string& patching = "frame", int in_channels = 2);
  // A "custom" frame-patched model for CPU demos and benchmarks: `layers` encoder blocks of width
  // `dim` (4 heads, MLP 4·dim), a 2-block decoder of the same width (8 heads).
  // configs/model/demo.yaml is small(2, 64).
  static ModelConfig small(int layers, int dim);
  // Throws gramt::Error naming the offending field (prefixed by `where`).
  void validate(const std::string& where = "model") const;
};

// Parses YAML text holding a `model:` mapping (or the mapping itself). `where` names the source in errors.
ModelConfig parse_model_config(const std::string& yaml_text, const std::string& where);
ModelConfig load_model_config(const std::string& path);
// YAML text of a `model:` mapping that parse_model_config reads back identically.
std::string model_config_to_yaml(const ModelConfig& config);

}  // namespace gramt::model

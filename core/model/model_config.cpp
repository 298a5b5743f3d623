#include "core/model/model_config.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/common/error.h"

namespace gramt::model {
namespace {

std::vector<int> default_windows(const std::string& patching) {
  if (patching == "time") return {2, 5, 10, 25, 50, 0, 0, 0};
  return {2, 5, 10, 25, 50, 100, 0, 0};
}

void check_keys(const YAML::Node& node, const std::set<std::string>& valid, const std::string& where) {
  if (!node.IsMap()) throw Error(where + ": expected a mapping");
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    if (valid.count(key) == 0) {
      std::string list;
      for (const auto& v : valid) list += (list.empty() ? "" : ", ") + v;
      throw Error(where + "." + key + ": unknown key (valid: " + list + ")");
    }
  }
}

template <typename T>
void read(const YAML::Node& node, const char* key, T& out, const std::string& where) {
  if (!node[key]) return;
  try {
    out = node[key].as<T>();
  } catch (const YAML::Exception&) {
    throw Error(where + "." + key + ": cannot read value '" + YAML::Dump(node[key]) + "'");
  }
}

}  // namespace

int ModelConfig::grid_f() const { return (num_mel_bins - patching.fshape) / patching.fstride + 1; }
int ModelConfig::grid_t() const { return (input_tdim - patching.tshape) / patching.tstride + 1; }
int ModelConfig::num_patches() const { return grid_f() * grid_t(); }
int ModelConfig::patch_dim() const { return in_channels * patching.fshape * patching.tshape; }

ModelConfig ModelConfig::small(int layers, int dim) {
  ModelConfig c = base("frame");
  c.size = "custom";
  c.encoder = {layers, dim, 4, 4 * dim, 1e-6};
  c.decoder.depth = 2;
  c.decoder.dim = dim;
  c.decoder.heads = 8;
  return c;
}

ModelConfig ModelConfig::base(const std::string& patching, int in_channels) {
  ModelConfig c;
  c.in_channels = in_channels;
  if (patching == "time") {
    c.patching = PatchingConfig{"time", 128, 128, 2, 2};
    c.mask_patch = 80;  // the published time-patching recipe; 160 does not fit its 100 patches
  } else if (patching == "frame") {
    c.patching = PatchingConfig{"frame", 16, 16, 8, 8};
  } else {
    throw Error("model.patching: '" + patching + "' is not one of: frame, time");
  }
  c.decoder.window_sizes = default_windows(patching);
  return c;
}

void ModelConfig::validate(const std::string& where) const {
  auto fail = [&](const std::string& field, const std::string& why) { throw Error(where + "." + field + ": " + why); };
  if (size != "base" && size != "custom") fail("size", "'" + size + "' is not one of: base, custom");
  if (in_channels != 1 && in_channels != 2 && in_channels != 7) fail("in_channels", "must be 1, 2 or 7");
  if (num_mel_bins <= 0) fail("num_mel_bins", "must be positive");
  if (input_tdim <= 0) fail("input_tdim", "must be positive");
  if (sample_rate <= 0) fail("sample_rate", "must be positive");
  const auto& p = patching;
  if (p.fshape <= 0 || p.tshape <= 0 || p.fstride <= 0 || p.tstride <= 0) fail("patching", "shapes and strides must be positive");
  if (p.fshape > num_mel_bins) fail("patching.fshape", "larger than num_mel_bins");
  if (p.tshape > input_tdim) fail("patching.tshape", "larger than input_tdim");
  if (p.fstride != p.fshape || p.tstride != p.tshape)
    fail("patching", "strides must equal shapes (the reconstruction targets are non-overlapping patches)");
  if (encoder.layers < 1) fail("encoder.layers", "must be at least 1");
  if (encoder.dim <= 0 || encoder.heads <= 0 || encoder.dim % encoder.heads != 0)
    fail("encoder.dim", "must be a positive multiple of encoder.heads");
  if (encoder.dim % 4 != 0) fail("encoder.dim", "must be divisible by 4 (2-D sin-cos positions)");
  if (encoder.mlp_dim <= 0) fail("encoder.mlp_dim", "must be positive");
  if (decoder.use_mwmae) {
    if (decoder.depth < 0) fail("decoder.depth", "must not be negative");
    if (decoder.dim <= 0 || decoder.heads <= 0 || decoder.dim % decoder.heads != 0)
      fail("decoder.dim", "must be a positive multiple of decoder.heads");
    if (decoder.dim % 4 != 0) fail("decoder.dim", "must be divisible by 4 (2-D sin-cos positions)");
    if (static_cast<int>(decoder.window_sizes.size()) != decoder.heads)
      fail("decoder.window_sizes", "needs one entry per decoder head (" + std::to_string(decoder.heads) + ")");
    for (int w : decoder.window_sizes)
      if (w < 0 || (w > 0 && num_patches() % w != 0))
        fail("decoder.window_sizes", "window " + std::to_string(w) + " does not divide the " +
                                         std::to_string(num_patches()) + " patches");
  } else {
    fail("decoder.use_mwmae", "only the MW-MAE decoder is supported (the reference's other decoder cannot be built)");
  }
  if (mask_patch < 0 || mask_patch >= num_patches())
    fail("mask_patch", std::to_string(mask_patch) + " must be in [0, " + std::to_string(num_patches()) + ")");
}

ModelConfig parse_model_config(const std::string& yaml_text, const std::string& where) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw Error(where + ": not valid YAML: " + e.what());
  }
  YAML::Node m = root["model"] ? root["model"] : root;
  const std::string w = where + ": model";
  check_keys(m, {"size", "in_channels", "num_mel_bins", "input_tdim", "sample_rate", "patching", "encoder", "decoder",
                 "mask_patch"},
             w);
  std::string size = "base";
  read(m, "size", size, w);
  std::string patching_name = "frame";
  if (m["patching"]) {
    check_keys(m["patching"], {"name", "fshape", "fstride", "tshape", "tstride"}, w + ".patching");
    read(m["patching"], "name", patching_name, w + ".patching");
  }
  ModelConfig c = ModelConfig::base(patching_name == "time" ? "time" : "frame");
  c.size = size;
  c.patching.name = patching_name;
  read(m, "in_channels", c.in_channels, w);
  read(m, "num_mel_bins", c.num_mel_bins, w);
  read(m, "input_tdim", c.input_tdim, w);
  read(m, "sample_rate", c.sample_rate, w);
  read(m, "mask_patch", c.mask_patch, w);
  if (m["patching"]) {
    read(m["patching"], "fshape", c.patching.fshape, w + ".patching");
    read(m["patching"], "fstride", c.patching.fstride, w + ".patching");
    read(m["patching"], "tshape", c.patching.tshape, w + ".patching");
    read(m["patching"], "tstride", c.patching.tstride, w + ".patching");
  }
  const ModelConfig named = c;  // the sizes `size: base` stands for
  if (m["encoder"]) {
    check_keys(m["encoder"], {"layers", "dim", "heads", "mlp_dim", "ln_eps"}, w + ".encoder");
    read(m["encoder"], "layers", c.encoder.layers, w + ".encoder");
    read(m["encoder"], "dim", c.encoder.dim, w + ".encoder");
    read(m["encoder"], "heads", c.encoder.heads, w + ".encoder");
    read(m["encoder"], "mlp_dim", c.encoder.mlp_dim, w + ".encoder");
    read(m["encoder"], "ln_eps", c.encoder.ln_eps, w + ".encoder");
  }
  if (m["decoder"]) {
    check_keys(m["decoder"], {"use_mwmae", "depth", "dim", "heads", "window_sizes", "mlp_ratio"}, w + ".decoder");
    read(m["decoder"], "use_mwmae", c.decoder.use_mwmae, w + ".decoder");
    read(m["decoder"], "depth", c.decoder.depth, w + ".decoder");
    read(m["decoder"], "dim", c.decoder.dim, w + ".decoder");
    read(m["decoder"], "heads", c.decoder.heads, w + ".decoder");
    read(m["decoder"], "window_sizes", c.decoder.window_sizes, w + ".decoder");
    read(m["decoder"], "mlp_ratio", c.decoder.mlp_ratio, w + ".decoder");
  }
  if (size == "base") {
    // Spelling out the base sizes is fine; a different size is not base.
    auto same = [&](const std::string& field, double given, double base) {
      if (given == base) return;
      std::ostringstream why;
      why << w << "." << field << ": " << given << " differs from size 'base' (" << base << "); use size: custom";
      throw Error(why.str());
    };
    same("encoder.layers", c.encoder.layers, named.encoder.layers);
    same("encoder.dim", c.encoder.dim, named.encoder.dim);
    same("encoder.heads", c.encoder.heads, named.encoder.heads);
    same("encoder.mlp_dim", c.encoder.mlp_dim, named.encoder.mlp_dim);
    same("decoder.depth", c.decoder.depth, named.decoder.depth);
    same("decoder.dim", c.decoder.dim, named.decoder.dim);
    same("decoder.heads", c.decoder.heads, named.decoder.heads);
    same("decoder.mlp_ratio", c.decoder.mlp_ratio, named.decoder.mlp_ratio);
  }
  c.validate(w);
  return c;
}

ModelConfig load_model_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open model config");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_model_config(ss.str(), path);
}

std::string model_config_to_yaml(const ModelConfig& c) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "model" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "size" << YAML::Value << c.size;
  out << YAML::Key << "in_channels" << YAML::Value << c.in_channels;
  out << YAML::Key << "num_mel_bins" << YAML::Value << c.num_mel_bins;
  out << YAML::Key << "input_tdim" << YAML::Value << c.input_tdim;
  out << YAML::Key << "sample_rate" << YAML::Value << c.sample_rate;
  out << YAML::Key << "patching" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value
      << c.patching.name << YAML::Key << "fshape" << YAML::Value << c.patching.fshape << YAML::Key << "fstride"
      << YAML::Value << c.patching.fstride << YAML::Key << "tshape" << YAML::Value << c.patching.tshape << YAML::Key
      << "tstride" << YAML::Value << c.patching.tstride << YAML::EndMap;
  if (c.size != "base") {
    out << YAML::Key << "encoder" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "layers" << YAML::Value
        << c.encoder.layers << YAML::Key << "dim" << YAML::Value << c.encoder.dim << YAML::Key << "heads"
        << YAML::Value << c.encoder.heads << YAML::Key << "mlp_dim" << YAML::Value << c.encoder.mlp_dim
        << YAML::EndMap;
  }
  out << YAML::Key << "decoder" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "use_mwmae"
      << YAML::Value << c.decoder.use_mwmae;
  if (c.size != "base") {
    out << YAML::Key << "depth" << YAML::Value << c.decoder.depth << YAML::Key << "dim" << YAML::Value << c.decoder.dim
        << YAML::Key << "heads" << YAML::Value << c.decoder.heads << YAML::Key << "mlp_ratio" << YAML::Value
        << c.decoder.mlp_ratio;
  }
  out << YAML::Key << "window_sizes" << YAML::Value << YAML::Flow << c.decoder.window_sizes << YAML::EndMap;
  out << YAML::Key << "mask_patch" << YAML::Value << c.mask_patch;
  out << YAML::EndMap << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace gramt::model

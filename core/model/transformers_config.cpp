#include "core/model/transformers_config.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/common/error.h"

namespace gramt::model {
namespace {

using nlohmann::json;

// The first of `names` the object has (config.json files name the same thing in several ways:
// transformers' own words, the ViT/MAE ones, the reference's constructor arguments).
const json* field(const json& object, std::initializer_list<const char*> names, std::string* which) {
  for (const char* n : names)
    if (object.contains(n) && !object[n].is_null()) {
      *which = n;
      return &object[n];
    }
  return nullptr;
}

}  // namespace

StatedArchitecture read_transformers_config(const std::string& path) {
  StatedArchitecture s;
  s.path = path;
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot read");
  json j;
  try {
    j = json::parse(in);
  } catch (const json::exception& e) {
    throw Error(path + ": not valid JSON (" + std::string(e.what()) + ")");
  }
  if (!j.is_object()) throw Error(path + ": expected a JSON object");
  std::string which;
  auto integer = [&](std::initializer_list<const char*> names, std::optional<int>& out) {
    if (const json* v = field(j, names, &which)) {
      if (!v->is_number_integer() || v->get<long long>() <= 0 || v->get<long long>() > 1000000)
        throw Error(path + ": field '" + which + "' should be a positive whole number");
      out = v->get<int>();
      s.stated.push_back(which);
    }
  };
  integer({"in_channels", "num_channels", "in_chans"}, s.in_channels);
  integer({"input_tdim", "target_length"}, s.input_tdim);
  integer({"num_hidden_layers", "encoder_layers", "encoder_depth", "depth"}, s.encoder_layers);
  integer({"hidden_size", "encoder_embed_dim", "embed_dim"}, s.encoder_dim);
  integer({"num_attention_heads", "encoder_num_heads", "num_heads"}, s.encoder_heads);
  integer({"intermediate_size", "mlp_dim", "encoder_mlp_dim"}, s.encoder_mlp_dim);
  integer({"decoder_num_hidden_layers", "decoder_depth", "decoder_layers"}, s.decoder_depth);
  integer({"decoder_hidden_size", "decoder_embed_dim"}, s.decoder_dim);
  integer({"decoder_num_attention_heads", "decoder_num_heads"}, s.decoder_heads);
  if (const json* v = field(j, {"patching", "patching_type"}, &which)) {
    if (!v->is_string() || (v->get<std::string>() != "frame" && v->get<std::string>() != "time"))
      throw Error(path + ": field '" + which + "' should be \"frame\" or \"time\"");
    s.patching = v->get<std::string>();
    s.stated.push_back(which);
  }
  if (const json* v = field(j, {"decoder_window_sizes", "window_sizes"}, &which)) {
    std::vector<int> sizes;
    if (v->is_array())
      for (const auto& w : *v)
        if (w.is_number_integer() && w.get<int>() >= 0) sizes.push_back(w.get<int>());
    if (!v->is_array() || sizes.size() != v->size()) throw Error(path + ": field '" + which + "' should be a list of whole numbers >= 0");
    s.window_sizes = sizes;
    s.stated.push_back(which);
  }
  return s;
}

void apply_stated_architecture(ModelConfig& c, const StatedArchitecture& s, std::vector<std::string>* notes) {
  auto check = [&](const char* what, const std::optional<int>& stated, int from_shapes) {
    if (stated && *stated != from_shapes)
      throw Error(s.path + ": states " + what + " " + std::to_string(*stated) + " but the weights' tensors have " +
                  std::to_string(from_shapes));
  };
  check("in_channels", s.in_channels, c.in_channels);
  check("input_tdim", s.input_tdim, c.input_tdim);
  check("encoder layers", s.encoder_layers, c.encoder.layers);
  check("encoder width", s.encoder_dim, c.encoder.dim);
  check("encoder MLP width", s.encoder_mlp_dim, c.encoder.mlp_dim);
  check("decoder depth", s.decoder_depth, c.decoder.depth);
  check("decoder width", s.decoder_dim, c.decoder.dim);
  if (s.patching && *s.patching != c.patching.name)
    throw Error(s.path + ": states patching '" + *s.patching + "' but the patch embedding is " + c.patching.name);
  if (s.encoder_heads) {
    if (c.encoder.dim % *s.encoder_heads != 0)
      throw Error(s.path + ": states " + std::to_string(*s.encoder_heads) + " encoder heads, which do not divide the width " +
                  std::to_string(c.encoder.dim));
    c.encoder.heads = *s.encoder_heads;
  }
  if (s.decoder_heads) {
    if (c.decoder.dim % *s.decoder_heads != 0)
      throw Error(s.path + ": states " + std::to_string(*s.decoder_heads) + " decoder heads, which do not divide the width " +
                  std::to_string(c.decoder.dim));
    c.decoder.heads = *s.decoder_heads;
    c.decoder.window_sizes.resize(static_cast<size_t>(c.decoder.heads), 0);
  }
  if (s.window_sizes) {
    // Windowed heads have tensors, so shapes already gave their sizes; the stated list must agree.
    std::vector<int> stated = *s.window_sizes;
    stated.resize(c.decoder.window_sizes.size(), 0);
    if (s.window_sizes->size() > c.decoder.window_sizes.size() || stated != c.decoder.window_sizes)
      throw Error(s.path + ": states decoder windows that differ from the weights' relative-position tables");
  }
  if (!notes) return;
  if (s.stated.empty()) {
    notes->push_back(s.path + " states no architecture fields: the configuration is inferred from the tensor shapes");
  } else {
    std::string list;
    for (const auto& k : s.stated) list += (list.empty() ? "" : ", ") + k;
    notes->push_back(s.path + " states " + list + (s.encoder_heads && s.decoder_heads ? "" : "; the rest is inferred from the tensor shapes"));
  }
}

std::string transformers_config_beside(const std::string& weights_path) {
  const std::filesystem::path p(weights_path);
  if (p.filename() != "model.safetensors") return "";
  const auto config = p.parent_path() / "config.json";
  std::error_code ec;
  return std::filesystem::is_regular_file(config, ec) ? config.string() : "";
}

}  // namespace gramt::model

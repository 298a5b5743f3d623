#include "core/model/weights.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <regex>
#include <set>

#include "core/common/error.h"
#include "core/model/transformers_config.h"

namespace gramt::model {
namespace {

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

std::string shape_str(const std::vector<int64_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + ")";
}

torch::Tensor to_tensor(const io::StTensorView& v) {
  torch::Dtype dtype;
  switch (v.dtype) {
    case io::StDType::F32: dtype = torch::kFloat32; break;
    case io::StDType::F16: dtype = torch::kFloat16; break;
    case io::StDType::BF16: dtype = torch::kBFloat16; break;
    case io::StDType::F64: dtype = torch::kFloat64; break;
    case io::StDType::I64: dtype = torch::kInt64; break;
    case io::StDType::I32: dtype = torch::kInt32; break;
    case io::StDType::I16: dtype = torch::kInt16; break;
    case io::StDType::I8: dtype = torch::kInt8; break;
    case io::StDType::U8: dtype = torch::kUInt8; break;
    case io::StDType::BOOL: dtype = torch::kBool; break;
    default: throw Error("unsupported dtype");
  }
  // Copy out of the mapping: the file may be closed while the model lives on.
  torch::Tensor t = torch::empty(v.shape, torch::TensorOptions().dtype(dtype));
  if (v.nbytes > 0) std::memcpy(t.data_ptr(), v.data, v.nbytes);
  return t;
}

bool is_decoder_key(const std::string& k) {
  return starts_with(k, "decoder_") || starts_with(k, "mask_token") || starts_with(k, "spec_pred");
}

}  // namespace

std::string canonical_key(const std::string& file_key) {
  std::string k = file_key;
  for (const char* p : {"module.", "_orig_mod."})
    if (starts_with(k, p)) k = k.substr(std::strlen(p));
  // The HF wrapper's own save_pretrained nests RuntimeGRAMT under "encoder." (model spec §6.2); GRAMT's
  // own "encoder.layers…" keys never continue with "model." or "mel_spec.".
  if (starts_with(k, "encoder.model.") || starts_with(k, "encoder.mel_spec.")) k = k.substr(std::strlen("encoder."));
  // A transformers wrapper that keeps RuntimeGRAMT as `model` nests it once more ("model.model.…").
  if (starts_with(k, "model.model.") || starts_with(k, "model.mel_spec.")) k = k.substr(std::strlen("model."));
  if (starts_with(k, "mel_spec.")) return "";
  if (starts_with(k, "model.")) k = k.substr(std::strlen("model."));
  return k;
}

namespace {

template <class File>
ModelConfig infer_config(const File& file, std::vector<std::string>* warnings) {
  const auto meta = file.metadata().find(kConfigMetadataKey);
  if (meta != file.metadata().end()) return parse_model_config(meta->second, file.path() + " (metadata " + kConfigMetadataKey + ")");

  std::map<std::string, const io::StTensorView*> by_key;
  for (const auto& t : file.tensors()) {
    const std::string k = canonical_key(t.name);
    if (!k.empty()) by_key[k] = &t;
  }
  auto need = [&](const std::string& key) -> const io::StTensorView& {
    auto it = by_key.find(key);
    if (it == by_key.end()) {
      // Name what the file holds instead: usually a wrapper prefix we do not know.
      std::string first_keys;
      int listed = 0;
      for (auto k = by_key.begin(); k != by_key.end() && listed < 3; ++k, ++listed) first_keys += (listed ? ", " : "") + k->second->name;
      throw Error(file.path() + ": cannot infer the model configuration: key '" + key + "' is missing" +
                  (first_keys.empty() ? "" : " (the file's keys begin " + first_keys + ", which do not map)") +
                  " (pass --model-config FILE)");
    }
    return *it->second;
  };
  // Every shape is checked for rank and non-zero sizes before anything is divided by it.
  auto need_shape = [&](const std::string& key, size_t rank) -> const std::vector<int64_t>& {
    const auto& t = need(key);
    bool ok = t.shape.size() == rank;
    for (int64_t d : t.shape) ok = ok && d > 0;
    if (!ok)
      throw Error(file.path() + ": cannot infer the model configuration: '" + t.name + "' has shape " + shape_str(t.shape) +
                  ", expected " + std::to_string(rank) + " non-zero sizes (pass --model-config FILE)");
    return t.shape;
  };
  auto warn = [&](const std::string& what) {
    if (warnings) warnings->push_back(file.path() + ": " + what);
  };
  const auto& proj_shape = need_shape("patch_embed.proj.weight", 4);
  ModelConfig c;
  const int64_t dim = proj_shape[0];
  c.in_channels = static_cast<int>(proj_shape[1]);
  const int fshape = static_cast<int>(proj_shape[2]), tshape = static_cast<int>(proj_shape[3]);
  c.patching = PatchingConfig{fshape == 16 && tshape == 8 ? "frame" : (fshape == 128 && tshape == 2 ? "time" : "custom"),
                              fshape, fshape, tshape, tshape};
  if (fshape > c.num_mel_bins)
    throw Error(file.path() + ": patch_embed.proj.weight " + shape_str(proj_shape) + " has patches taller than " +
                std::to_string(c.num_mel_bins) + " mel bins");
  const auto& pos_shape = need_shape("encoder.pos_embedding", 3);
  const int64_t tokens = pos_shape[1] - 1;
  const int grid_f = (c.num_mel_bins - fshape) / fshape + 1;
  if (tokens <= 0 || tokens % grid_f != 0 || pos_shape[2] != dim)
    throw Error(file.path() + ": encoder.pos_embedding " + shape_str(pos_shape) + " does not fit the patch grid");
  c.input_tdim = static_cast<int>(tokens / grid_f) * tshape;
  int layers = 0;
  while (by_key.count("encoder.layers.encoder_layer_" + std::to_string(layers) + ".ln_1.weight")) ++layers;
  c.encoder.layers = layers;
  c.encoder.dim = static_cast<int>(dim);
  if (layers == 0) throw Error(file.path() + ": cannot infer the model configuration: no encoder blocks (encoder.layers.encoder_layer_0.*)");
  c.encoder.mlp_dim = static_cast<int>(need_shape("encoder.layers.encoder_layer_0.mlp.0.weight", 2)[0]);
  // Head counts are not visible in tensor shapes; the published models use 64-wide heads.
  if (dim % 64 != 0) throw Error(file.path() + ": cannot infer encoder heads for width " + std::to_string(dim) + " (pass --model-config FILE)");
  c.encoder.heads = static_cast<int>(dim / 64);
  const bool base_encoder = layers == 12 && dim == 768;
  if (!base_encoder)
    warn("encoder heads guessed as " + std::to_string(c.encoder.heads) +
         " (64 channels per head, as in the published models; shapes do not show them): pass --model-config if they differ");
  if (by_key.count("decoder_embed.weight")) {
    const int64_t dd = need_shape("decoder_embed.weight", 2)[0];
    int depth = 0;
    while (by_key.count("decoder_blocks." + std::to_string(depth) + ".norm1.weight")) ++depth;
    c.decoder.dim = static_cast<int>(dd);
    c.decoder.depth = depth;
    // Global heads have no tensors, so the head count is a guess: at least one per 64 channels and
    // one per windowed head seen, rounded up to a divisor of the width (8 for the published model).
    int last_windowed = -1;
    for (int h = 0; h < 64; ++h)
      if (by_key.count("decoder_blocks.0.wmha.attn_heads." + std::to_string(h) + ".relative_position_bias_table")) last_windowed = h;
    int heads = std::max<int>(static_cast<int>(dd / 64), last_windowed + 1);
    while (heads < dd && dd % heads != 0) ++heads;
    c.decoder.heads = std::max(1, heads);
    if (!(base_encoder && dd == 512 && c.decoder.heads == 8))
      warn("decoder heads guessed as " + std::to_string(c.decoder.heads) +
           " (global heads have no tensors): pass --model-config if they differ");
    if (depth > 0) {
      c.decoder.mlp_ratio = static_cast<double>(need_shape("decoder_blocks.0.mlp.fc1.weight", 2)[0]) / static_cast<double>(dd);
      c.decoder.window_sizes.assign(static_cast<size_t>(c.decoder.heads), 0);
      for (int h = 0; h < c.decoder.heads; ++h) {
        auto it = by_key.find("decoder_blocks.0.wmha.attn_heads." + std::to_string(h) + ".relative_position_bias_table");
        if (it == by_key.end()) continue;
        if (it->second->shape.size() != 2 || it->second->shape[0] < 1)
          throw Error(file.path() + ": '" + it->second->name + "' has shape " + shape_str(it->second->shape) +
                      ", not a relative position table");
        c.decoder.window_sizes[static_cast<size_t>(h)] = static_cast<int>((it->second->shape[0] + 1) / 2);
      }
    }
  } else {
    c.decoder.window_sizes = c.patching.name == "time" ? std::vector<int>{2, 5, 10, 25, 50, 0, 0, 0}
                                                       : std::vector<int>{2, 5, 10, 25, 50, 100, 0, 0};
  }
  const bool is_base = c.encoder.layers == 12 && c.encoder.dim == 768 && c.encoder.mlp_dim == 3072 &&
                       c.decoder.dim == 512 && c.decoder.depth == 8 && c.input_tdim == 200;
  c.size = is_base ? "base" : "custom";
  c.mask_patch = std::min(c.mask_patch, c.num_patches() - 1);
  c.validate(file.path() + ": inferred model");
  return c;
}

template <class File>
LoadReport load_weights_from(GramtModel& model, const File& file, bool strict, bool allow_missing_decoder) {
  LoadReport report;
  std::map<std::string, const io::StTensorView*> by_key;
  for (const auto& t : file.tensors()) {
    const std::string k = canonical_key(t.name);
    if (k.empty()) {
      report.ignored.push_back(t.name);
      continue;
    }
    if (report.prefix.empty() && t.name.size() > k.size()) report.prefix = t.name.substr(0, t.name.size() - k.size());
    if (by_key.count(k)) throw Error(file.path() + ": keys '" + by_key[k]->name + "' and '" + t.name + "' name the same tensor");
    by_key[k] = &t;
  }
  torch::NoGradGuard no_grad;
  std::set<std::string> used;
  for (auto& [name, tensor] : model->state_dict()) {
    auto it = by_key.find(name);
    if (it == by_key.end()) {
      // The front-end buffers can be recomputed exactly, so a file without them is still complete.
      if (starts_with(name, "melspec.")) continue;
      if (allow_missing_decoder && is_decoder_key(name)) continue;
      report.missing.push_back(name);
      continue;
    }
    used.insert(name);
    const io::StTensorView& v = *it->second;
    if (v.shape != tensor.sizes().vec()) {
      if (strict)
        throw Error(file.path() + ": tensor '" + v.name + "' has shape " + shape_str(v.shape) + " but the model needs " +
                    shape_str(tensor.sizes().vec()) + " (wrong --model-config?)");
      report.missing.push_back(name);
      continue;
    }
    tensor.copy_(to_tensor(v).to(tensor.dtype()));
  }
  for (const auto& [k, v] : by_key)
    if (!used.count(k)) report.unexpected.push_back(v->name);
  // Unmapped keys first: when a file has both, its unknown names are the cause and the missing
  // weights the consequence.
  if (strict && !report.unexpected.empty()) {
    std::string list;
    for (size_t i = 0; i < report.unexpected.size() && i < 5; ++i) list += (i ? ", " : "") + report.unexpected[i];
    throw Error(file.path() + ": " + std::to_string(report.unexpected.size()) + " tensor(s) the model does not have: " + list +
                (report.missing.empty() ? std::string(" (wrong --model-config?)")
                                        : " (and " + std::to_string(report.missing.size()) +
                                              " weight(s) missing: an unknown key prefix or a wrong --model-config?)"));
  }
  if (strict && !report.missing.empty()) {
    std::string list;
    for (size_t i = 0; i < report.missing.size() && i < 5; ++i) list += (i ? ", " : "") + report.missing[i];
    if (report.missing.size() > 5) list += ", … (" + std::to_string(report.missing.size()) + " in all)";
    throw Error(file.path() + ": missing " + std::to_string(report.missing.size()) + " required weight(s): " + list);
  }
  return report;
}

}  // namespace

ModelConfig infer_model_config(const io::SafetensorsFile& file, std::vector<std::string>* warnings) {
  return infer_config(file, warnings);
}
ModelConfig infer_model_config(const WeightsFile& file, std::vector<std::string>* warnings) {
  const std::string config_json = transformers_config_beside(file.path());
  if (config_json.empty() || file.metadata().count(kConfigMetadataKey)) return infer_config(file, warnings);
  // The transformers layout: shapes first, then what config.json states (head counts, which shapes
  // cannot show), checked against them. A guess the config settles is not reported.
  std::vector<std::string> guesses;
  ModelConfig c = infer_config(file, &guesses);
  const StatedArchitecture stated = read_transformers_config(config_json);
  apply_stated_architecture(c, stated, warnings);
  for (const auto& g : guesses) {
    const bool settled = (stated.encoder_heads && g.find("encoder heads") != std::string::npos) ||
                         (stated.decoder_heads && g.find("decoder heads") != std::string::npos);
    if (!settled && warnings) warnings->push_back(g);
  }
  if (c.size == "base" && !(c.encoder.heads == 12 && c.decoder.heads == 8)) c.size = "custom";
  c.validate(config_json + " with " + file.path());
  return c;
}
LoadReport load_weights(GramtModel& model, const io::SafetensorsFile& file, bool strict, bool allow_missing_decoder) {
  return load_weights_from(model, file, strict, allow_missing_decoder);
}
LoadReport load_weights(GramtModel& model, const WeightsFile& file, bool strict, bool allow_missing_decoder) {
  return load_weights_from(model, file, strict, allow_missing_decoder);
}

void save_weights(const GramtModel& model, const std::string& path, const std::map<std::string, std::string>& extra_metadata) {
  std::vector<io::StTensorData> tensors;
  for (const auto& [name, tensor] : model->state_dict()) {
    const torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
    io::StTensorData d;
    d.name = name;
    d.shape = t.sizes().vec();
    if (t.scalar_type() == torch::kInt64) d.dtype = io::StDType::I64;
    else if (t.scalar_type() == torch::kFloat32) d.dtype = io::StDType::F32;
    else throw Error(path + ": cannot store tensor '" + name + "' of type " + std::string(c10::toString(t.scalar_type())));
    const auto* bytes = static_cast<const unsigned char*>(t.data_ptr());
    d.bytes.assign(bytes, bytes + t.nbytes());
    tensors.push_back(std::move(d));
  }
  std::map<std::string, std::string> metadata = extra_metadata;
  metadata[kConfigMetadataKey] = model_config_to_yaml(model->config());
  metadata["format"] = "pt";
  io::write_safetensors(path, tensors, metadata);
}

LoadedModel load_model(const std::string& weights_path, const std::string& config_path, bool strict, bool require_decoder) {
  WeightsFile file(weights_path);
  LoadedModel out;
  out.config = config_path.empty() ? infer_model_config(file, &out.warnings) : load_model_config(config_path);
  out.model = GramtModel(out.config);
  out.report = load_weights(out.model, file, strict, !require_decoder);
  out.checkpoint_info = file.checkpoint_info();
  out.window = out.model->window();
  out.filterbank = out.model->filterbank();
  // The HEAR wrapper keeps its own copy of the front-end buffers; prefer it when present.
  for (const auto& t : file.tensors()) {
    const bool wrapped = starts_with(t.name, "encoder.mel_spec.");
    const std::string name = wrapped ? t.name.substr(std::strlen("encoder.")) : t.name;
    if (name == "mel_spec.melspec.spectrogram.window") out.window = to_tensor(t).to(torch::kFloat32);
    if (name == "mel_spec.melspec.mel_scale.fb") out.filterbank = to_tensor(t).to(torch::kFloat32);
  }
  out.model->eval();
  return out;
}

}  // namespace gramt::model

#include "tests/hub/model_layouts.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/io/safetensors.h"

namespace gramt::test {
namespace {

using Rewrite = std::function<bool(io::StTensorData&)>;  // false drops the tensor

// The golden file with every tensor passed through `rewrite`, as safetensors bytes.
std::string rewritten(const std::string& golden_case, const Rewrite& rewrite) {
  const io::SafetensorsFile file(golden_dir(golden_case) + "weights.safetensors");
  std::vector<io::StTensorData> out;
  for (const auto& t : file.tensors()) {
    io::StTensorData d;
    d.name = t.name;
    d.dtype = t.dtype;
    d.shape = t.shape;
    d.bytes.assign(t.data, t.data + t.nbytes);
    if (rewrite(d)) out.push_back(std::move(d));
  }
  const std::string path = (std::filesystem::temp_directory_path() / ("gramt_layout_" + std::to_string(::getpid()) + ".safetensors")).string();
  io::write_safetensors(path, out, {{"format", "pt"}});
  std::string bytes = read_bytes(path);
  std::filesystem::remove(path);
  return bytes;
}

// Keeps the first `rows` rows (dimension 0) of a tensor.
void first_rows(io::StTensorData& d, int64_t rows) {
  const size_t row_bytes = d.bytes.size() / static_cast<size_t>(d.shape[0]);
  d.bytes.resize(row_bytes * static_cast<size_t>(rows));
  d.shape[0] = rows;
}

}  // namespace

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string golden_dir(const std::string& golden_case) { return std::string(GRAMT_TEST_DATA_DIR) + "/golden/" + golden_case + "/"; }

std::vector<ModelLayout> published_layouts() {
  std::vector<ModelLayout> layouts;
  layouts.push_back({"runtime", read_bytes(golden_dir("frame") + "weights.safetensors"), "", "frame"});
  layouts.push_back({"bare",
                     rewritten("frame",
                               [](io::StTensorData& d) {
                                 if (d.name.rfind("mel_spec.", 0) == 0) return false;
                                 d.name = d.name.substr(6);  // "model."
                                 return true;
                               }),
                     "", "frame"});
  // The transformers layout: RuntimeGRAMT nested as `encoder`, and a config.json that states the
  // head counts (which shapes cannot show) beside transformers' own settings.
  layouts.push_back({"transformers",
                     rewritten("frame",
                               [](io::StTensorData& d) {
                                 d.name = "encoder." + d.name;
                                 return true;
                               }),
                     R"({"architectures": ["GRAMTModel"], "auto_map": {"AutoModel": "modeling_gramt.GRAMTModel"},
                         "model_type": "gramt", "torch_dtype": "float32", "transformers_version": "4.40.0",
                         "in_channels": 2, "patching": "frame", "hidden_size": 64, "num_hidden_layers": 2,
                         "num_attention_heads": 4, "intermediate_size": 256, "decoder_num_attention_heads": 8})",
                     "frame"});
  layouts.push_back({"time", read_bytes(golden_dir("time") + "weights.safetensors"), "", "time"});
  layouts.push_back({"mono",
                     rewritten("frame",
                               [](io::StTensorData& d) {
                                 // One input channel: the patch embedding's first channel and the
                                 // decoder's prediction of one channel's patch (16x8 values).
                                 if (d.name == "model.patch_embed.proj.weight") {
                                   const int64_t out_dim = d.shape[0], per_channel = d.shape[2] * d.shape[3];
                                   std::vector<unsigned char> bytes;
                                   const size_t channel_bytes = static_cast<size_t>(per_channel) * 4;
                                   for (int64_t o = 0; o < out_dim; ++o) {
                                     const auto* start = d.bytes.data() + static_cast<size_t>(o) * 2 * channel_bytes;
                                     bytes.insert(bytes.end(), start, start + channel_bytes);
                                   }
                                   d.bytes = bytes;
                                   d.shape[1] = 1;
                                 }
                                 if (d.name == "model.spec_pred.0.weight" || d.name == "model.spec_pred.0.bias") first_rows(d, d.shape[0] / 2);
                                 return true;
                               }),
                     "", "frame"});
  layouts.push_back({"ambisonics", read_bytes(golden_dir("foa") + "weights.safetensors"), "", "foa"});
  return layouts;
}

}  // namespace gramt::test

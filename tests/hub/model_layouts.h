#pragma once
// Small GRAM-T weights in every layout the published repos use, made from the golden cases
// (tests/data/golden: RuntimeGRAMT's own file, keys "model.…" + "mel_spec.…"):
//   runtime        the file as the reference's HEAR wrapper saves it (frame, 2 channels)
//   bare           GRAMT's own keys, no prefix
//   transformers   "encoder.model.…" keys (a transformers wrapper around RuntimeGRAMT) + config.json
//   time           time patching (128x2)
//   mono           1 channel (the frame case's first input channel)
//   ambisonics     7 channels (the foa case)
#include <string>
#include <vector>

namespace gramt::test {

struct ModelLayout {
  std::string name;
  std::string weights;      // model.safetensors bytes
  std::string config_json;  // "" when the layout has none
  std::string golden_case;  // the golden folder it came from (frame, time, foa)
};

std::vector<ModelLayout> published_layouts();

std::string read_bytes(const std::string& path);
std::string golden_dir(const std::string& golden_case);

}  // namespace gramt::test

// gramt-cli convert: a PyTorch / Lightning checkpoint's weights to safetensors (with our config metadata),
// so later loads skip the checkpoint's zip and pickle.
#include <filesystem>
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/weights_argument.h"
#include "core/common/error.h"
#include "core/model/weights.h"

namespace gramt::cli {

void add_convert_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("convert", "Write the weights of a .ckpt (or safetensors) file as safetensors with the model config");
  struct Options {
    std::string in, out, config;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("in", o->in, "weights: a PyTorch / Lightning .ckpt, safetensors, or hf://org/name[@revision]")->required();
  cmd->add_option("out", o->out, "safetensors file to write")->required();
  cmd->add_option("--model-config", o->config, "model config YAML (default: from the weights)");
  cmd->callback([o] {
    namespace fs = std::filesystem;
    std::error_code ec;
    const hub::ResolvedWeights in = resolve_weights_option(o->in);
    // Also catches an output that is a hub snapshot's link: writing it would replace the link, not the blob, yet confuse the cache.
    if (fs::exists(o->out) && fs::equivalent(in.path, o->out, ec)) throw Error(o->out + ": is the input file itself");
    // Strict, decoder included: a converted file must hold every weight, not LibTorch's initial values.
    model::LoadedModel loaded = model::load_model(in.path, o->config, /*strict=*/true, /*require_decoder=*/true);
    for (const auto& w : loaded.warnings) std::cerr << "gramt-cli: warning: " << w << "\n";
    std::map<std::string, std::string> metadata{{"gramt.converted_from", in.ref ? in.ref->repo + "@" + in.commit : fs::path(in.path).filename().string()}};
    for (const auto& [k, v] : loaded.checkpoint_info) metadata["gramt.checkpoint." + k] = v;
    model::save_weights(loaded.model, o->out, metadata);
    std::cerr << "wrote " << o->out << " (" << loaded.model->state_dict().size() << " tensors)\n";
  });
}

}  // namespace gramt::cli

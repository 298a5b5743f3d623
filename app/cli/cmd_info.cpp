// gramt-cli info: what a weights file holds: config, parameter counts, keys.
#include <filesystem>
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/weights_argument.h"
#include "core/hub/model_card.h"
#include "core/model/weights.h"

namespace gramt::cli {

void add_info_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("info", "Show the configuration, parameter counts and keys of a weights file");
  auto weights = std::make_shared<std::string>();
  auto config = std::make_shared<std::string>();
  auto keys = std::make_shared<bool>(false);
  cmd->add_option("weights", *weights, "weights: safetensors, a PyTorch / Lightning .ckpt, or hf://org/name[@revision]")->required();
  cmd->add_option("--model-config", *config, "model config YAML (default: from the file)");
  cmd->add_flag("--keys", *keys, "list every tensor with dtype and shape");
  cmd->callback([=] {
    const hub::ResolvedWeights resolved = resolve_weights_option(*weights);
    if (resolved.ref) {
      // Where the weights came from, so a result can be traced to one exact upload.
      const std::string readme = std::filesystem::path(resolved.path).parent_path() / "README.md";
      const std::string licence = hub::model_card_licence(readme);
      std::cout << "hub: " << resolved.ref->text() << ", revision " << resolved.ref->revision << ", commit " << resolved.commit << "\n"
                << "file: " << resolved.path << "\n"
                << "sha256: " << (resolved.sha256.empty() ? "- (not an LFS file)" : resolved.sha256) << "\n"
                << "licence: " << (licence.empty() ? "not stated in the model card" : licence) << "\n"
                << "config.json: " << (resolved.config_json.empty() ? "none (configuration inferred from tensor shapes)" : resolved.config_json) << "\n";
    }
    const model::WeightsFile file(resolved.path);
    std::vector<std::string> warnings;
    const model::ModelConfig c = config->empty() ? model::infer_model_config(file, &warnings) : model::load_model_config(*config);
    for (const auto& w : warnings) std::cerr << "gramt-cli: warning: " << w << "\n";
    if (file.is_checkpoint()) {
      // Lightning names the step "global_step"; a plain torch.save of a state dict has neither.
      const auto& info = file.checkpoint_info();
      auto field = [&](const char* key) { return info.count(key) ? info.at(key) : std::string("-"); };
      std::cout << "checkpoint: step " << field("global_step") << ", epoch " << field("epoch") << ", Lightning "
                << field("pytorch-lightning_version") << "\n";
    }
    std::cout << model::model_config_to_yaml(c);
    int64_t total = 0, encoder = 0, decoder = 0;
    for (const auto& t : file.tensors()) {
      const std::string k = model::canonical_key(t.name);
      if (k.empty()) continue;
      total += t.numel();
      if (k.rfind("encoder.", 0) == 0 || k.rfind("patch_embed.", 0) == 0 || k == "cls_token") encoder += t.numel();
      if (k.rfind("decoder", 0) == 0 || k.rfind("spec_pred", 0) == 0 || k == "mask_token") decoder += t.numel();
    }
    std::cout << "tensors: " << file.tensors().size() << "\nvalues: " << total << " (encoder " << encoder
              << ", decoder " << decoder << ")\n";
    for (const auto& [k, v] : file.metadata())
      if (k != model::kConfigMetadataKey) std::cout << "metadata " << k << ": " << v << "\n";
    if (*keys)
      for (const auto& t : file.tensors()) {
        std::cout << t.name << "  " << io::to_string(t.dtype) << " [";
        for (size_t i = 0; i < t.shape.size(); ++i) std::cout << (i ? ", " : "") << t.shape[i];
        std::cout << "]\n";
      }
    // Checks that the file loads into a model of this config, naming any mismatch.
    model::GramtModel m(c);
    const auto report = model::load_weights(m, file, /*strict=*/false, /*allow_missing_decoder=*/true);
    std::cout << "loads: " << (report.missing.empty() && report.unexpected.empty() ? "yes" : "NO") << " (prefix '"
              << report.prefix << "', " << report.missing.size() << " missing, " << report.unexpected.size()
              << " unexpected, " << report.ignored.size() << " front-end buffers ignored)\n";
    for (const auto& k : report.missing) std::cout << "  missing: " << k << "\n";
    for (const auto& k : report.unexpected) std::cout << "  unexpected: " << k << "\n";
  });
}

}  // namespace gramt::cli

#pragma once
// Loading and saving GRAM-T weights as safetensors. Accepts the reference's key names with or
// without the wrappers' prefixes ("model.", "encoder.model.", "module.", none) and is strict by
// default: a missing key or a wrong shape is an error that names it.
#include <map>
#include <string>
#include <vector>

#include "core/io/safetensors.h"
#include "core/model/gramt_model.h"
#include "core/model/model_config.h"
#include "core/model/weights_file.h"

namespace gramt::model {

// Metadata key under which our writer stores the model config (YAML text).
constexpr const char* kConfigMetadataKey = "gramt.model_config";

struct LoadReport {
  std::string prefix;                    // the prefix stripped from the file's keys
  std::vector<std::string> missing;      // model keys the file lacks
  std::vector<std::string> unexpected;   // file keys the model does not have
  std::vector<std::string> ignored;      // front-end buffers and other known extras
};

// Config from the file's metadata when our writer stored it, else base defaults with patching,
// in_channels, encoder/decoder sizes and windows inferred from tensor shapes.
// Head counts are guesses (shapes do not show them): each guess adds a line to `warnings` unless the
// model is the published base size.
ModelConfig infer_model_config(const WeightsFile& file, std::vector<std::string>* warnings = nullptr);
ModelConfig infer_model_config(const io::SafetensorsFile& file, std::vector<std::string>* warnings = nullptr);

// Copies the file's tensors into the model. strict: missing keys or shape mismatches throw
// gramt::Error naming the file, the key and the shapes. allow_missing_decoder: an encoder-only
// file is accepted (embedding needs no decoder).
LoadReport load_weights(GramtModel& model, const WeightsFile& file, bool strict = true, bool allow_missing_decoder = false);
LoadReport load_weights(GramtModel& model, const io::SafetensorsFile& file, bool strict = true,
                        bool allow_missing_decoder = false);

// Writes the model's state dict atomically, storing the config in the metadata.
void save_weights(const GramtModel& model, const std::string& path,
                  const std::map<std::string, std::string>& extra_metadata = {});

struct LoadedModel {
  GramtModel model{nullptr};
  ModelConfig config;
  LoadReport report;
  torch::Tensor window, filterbank;  // front-end buffers if the file holds them (else undefined)
  std::vector<std::string> warnings;  // guesses made while inferring the config, for the caller to show
  std::map<std::string, std::string> checkpoint_info;  // a .ckpt's epoch / global_step (else empty)
};

// The usual entry point (safetensors or a PyTorch / Lightning .ckpt): config from `config_path` if not empty, else inferred from the file.
// require_decoder: training needs the decoder's weights; embedding does not.
LoadedModel load_model(const std::string& weights_path, const std::string& config_path = "", bool strict = true,
                       bool require_decoder = false);

// Removes the wrappers' prefixes ("module.", "_orig_mod.", "encoder.model.", "model.") from a key;
// returns "" for keys of the HEAR wrapper's own front end ("mel_spec.…", "encoder.mel_spec.…"), which are ignored.
std::string canonical_key(const std::string& file_key);

}  // namespace gramt::model

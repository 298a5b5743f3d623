// gramt-cli embed: HEAR timestamp and scene embeddings of audio files, one set of .npy files per input.
#include <filesystem>
#include <iostream>
#include <set>

#include "app/cli/commands.h"
#include "app/cli/device_option.h"
#include "app/cli/precision_option.h"
#include "app/cli/progress_bar.h"
#include "app/cli/weights_argument.h"
#include "core/analysis/foa_normalisation_check.h"
#include "core/audio/audio_file.h"
#include "core/audio/ambisonic_format.h"
#include "core/audio/channel_policy.h"
#include "core/audio/resample.h"
#include "core/common/error.h"
#include "core/io/npy.h"
#include "core/model/compute_threads.h"
#include "core/model/hear_embedder.h"
#include "core/model/weights.h"

namespace gramt::cli {
namespace {

void write_tensor(const std::string& path, const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kFloat32).contiguous();
  io::write_npy(path, c.data_ptr<float>(), c.sizes().vec());
}

}  // namespace

void add_embed_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("embed", "Write HEAR timestamp and scene embeddings of audio files as .npy");
  struct Options {
    std::string config, weights, out, strategy = "raw", precision = "32", device = "cpu";
    std::vector<std::string> inputs;
    int layer = 0;
    bool has_layer = false, resample = false, lenient = false;
    std::string foa_format = "ambix";
    int batch = 8, threads = 0;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--model-config", o->config, "model config YAML (default: from the weights file)");
  cmd->add_option("--weights", o->weights, "weights: safetensors, a PyTorch / Lightning .ckpt, or hf://org/name[@revision] (the hub cache)")->required();
  cmd->add_option("--strategy", o->strategy, "raw | mean | sum | cls")->capture_default_str();
  auto* layer = cmd->add_option("--layer", o->layer, "use the output after this many encoder blocks");
  cmd->add_option("--out", o->out, "output folder")->required();
  cmd->add_option("--chunk-batch", o->batch, "200-frame chunks per forward pass")->capture_default_str();
  cmd->add_option("--threads", o->threads, "compute threads (0 = all cores)")->capture_default_str();
  cmd->add_flag("--resample", o->resample, "resample other rates to the model's with libsoxr");
  cmd->add_option("--foa-format", o->foa_format,
                  "convention of 4-channel (first-order ambisonic) files: ambix (ACN/SN3D) | n3d | fuma | wxyz (W X Y Z "
                  "with SN3D gains, as the reference's front end reads them)")
      ->capture_default_str();
  cmd->add_flag("--no-strict", o->lenient, "load weights even when keys are missing or unexpected");
  add_precision_option(*cmd, o->precision);
  cmd->add_option("--device", o->device, "cpu | cuda | cuda:N")->capture_default_str();
  cmd->add_option("audio", o->inputs, "audio files")->required();
  cmd->callback([o, layer] {
    model::use_compute_threads(o->threads);
    const torch::Device device = parse_device_option(o->device);
    const model::ComputePrecision precision = resolve_precision_option(o->precision, device.is_cpu());
    std::set<std::string> stems;
    for (const auto& p : o->inputs)
      if (!stems.insert(std::filesystem::path(p).stem().string()).second)
        throw Error(p + ": another input has the same name; outputs would overwrite each other");
    const hub::ResolvedWeights weights = resolve_weights_option(o->weights);
    model::LoadedModel loaded = model::load_model(weights.path, o->config, !o->lenient);
    for (const auto& w : loaded.warnings) std::cerr << "gramt-cli: warning: " << w << "\n";
    const audio::FoaFormat foa_format = audio::parse_foa_format(o->foa_format, "--foa-format");
    model::EmbedOptions options;
    options.strategy = model::parse_strategy(o->strategy);
    if (layer->count()) options.layer = o->layer;
    options.chunk_batch = o->batch;
    options.precision = precision;
    options.device = device;
    model::HearEmbedder embedder(loaded.model, options, loaded.window, loaded.filterbank);
    int failures = 0;
    std::set<int> noted_channels;  // one channel-policy line per channel count
    ProgressBar bar("embed");
    for (size_t i = 0; i < o->inputs.size(); ++i) {
      const std::string& path = o->inputs[i];
      try {
        audio::AudioBuffer a = audio::read_audio(path);
        if (a.sample_rate != embedder.sample_rate()) {
          if (!o->resample)
            throw Error(path + ": sample rate " + std::to_string(a.sample_rate) + " Hz, the model needs " +
                        std::to_string(embedder.sample_rate()) + " Hz (add --resample)");
          a = audio::resample(a, embedder.sample_rate());
        }
        if (noted_channels.insert(a.channel_count()).second) {
          const std::string note = audio::channel_policy_note(a.channel_count(), loaded.config.in_channels);
          if (!note.empty()) std::cerr << "gramt-cli: note: " << note << "\n";
        }
        if (a.channel_count() == 4) {
          if (auto warning = analysis::foa_normalisation_warning(a.channels, foa_format, path))
            std::cerr << "gramt-cli: warning: " << *warning << "\n";
          a.channels = audio::convert_foa(a.channels, foa_format, audio::FoaFormat::kWxyz, path);
        }
        ProgressSink sink = bar.sink();
        const double base = static_cast<double>(i) / o->inputs.size();
        sink.on_progress = [&, base](double f, const std::string&) {
          bar.draw(base + f / o->inputs.size(), std::filesystem::path(path).filename().string());
        };
        const auto e = embedder.embed(a, path, sink);
        const std::string stem = (std::filesystem::path(o->out) / std::filesystem::path(path).stem()).string();
        write_tensor(stem + ".timestamp_embeddings.npy", e.timestamp_embeddings);
        write_tensor(stem + ".timestamps.npy", e.timestamps);
        write_tensor(stem + ".scene_embeddings.npy", e.scene);
      } catch (const Cancelled&) {
        throw;
      } catch (const Error& e) {
        bar.finish();
        std::cerr << "gramt-cli: error: " << e.what() << "\n";
        ++failures;
      }
    }
    bar.finish();
    if (failures) throw Error(std::to_string(failures) + " of " + std::to_string(o->inputs.size()) + " file(s) failed");
    std::cerr << "embedded " << o->inputs.size() << " file(s) into " << o->out << "\n";
  });
}

}  // namespace gramt::cli

// gramt-cli features: audio → HEAR-path log-mel (.npy, C × T × 128), with the model's channel policy.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "app/cli/commands.h"
#include "core/audio/audio_file.h"
#include "core/audio/channel_policy.h"
#include "core/audio/resample.h"
#include "core/common/error.h"
#include "core/features/ambisonic_features.h"
#include "core/features/log_mel.h"
#include "core/io/npy.h"

namespace gramt::cli {

void add_features_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("features", "Compute GRAM-T log-mel features of audio files as .npy (C x T x 128)");
  struct Options {
    std::vector<std::string> inputs;
    std::string out = ".";
    int channels = 2;
    bool train_offset = false;
    bool resample = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("audio", o->inputs, "audio files")->required();
  cmd->add_option("--out", o->out, "output folder")->capture_default_str();
  cmd->add_option("--channels", o->channels, "model input channels: 1, 2, or 7 (ambisonic: 4 log-mels + 3 intensity vectors from FOA or mono)")->capture_default_str();
  cmd->add_flag("--train-offset", o->train_offset, "log(mel + 1e-5) as in pretraining (default: HEAR's float32 eps)");
  cmd->add_flag("--resample", o->resample, "resample to 32 kHz with libsoxr instead of refusing other rates");
  cmd->callback([o] {
    features::LogMelConfig config;
    config.log_offset = o->train_offset ? features::kTrainLogOffset : features::kHearLogOffset;
    features::LogMel logmel(config);
    int failures = 0;
    for (const auto& path : o->inputs) {
      try {
        audio::AudioBuffer a = audio::read_audio(path);
        if (a.sample_rate != config.sample_rate) {
          if (!o->resample)
            throw Error(path + ": sample rate " + std::to_string(a.sample_rate) + " Hz, expected 32000 (add --resample)");
          a = audio::resample(a, config.sample_rate);
        }
        torch::Tensor out;
        if (o->channels == 7) {
          const auto foa = audio::select_ambisonic_channels(a, path);
          torch::Tensor wave = torch::empty({4, static_cast<int64_t>(foa[0].size())});
          for (int64_t ch = 0; ch < 4; ++ch)
            std::copy(foa[static_cast<size_t>(ch)].begin(), foa[static_cast<size_t>(ch)].end(), wave[ch].data_ptr<float>());
          out = features::ambisonic_features(logmel, wave).contiguous();
        } else {
          const auto sel = audio::select_model_channels(a, o->channels, path);
          std::vector<torch::Tensor> per_channel;
          for (int src : sel.source_of_channel) {
            const auto& s = sel.signals[static_cast<size_t>(src)];
            per_channel.push_back(logmel(torch::from_blob(const_cast<float*>(s.data()), {static_cast<int64_t>(s.size())})));
          }
          out = torch::stack(per_channel).contiguous();
        }
        const std::string dest = (std::filesystem::path(o->out) / std::filesystem::path(path).stem()).string() + ".logmel.npy";
        io::write_npy(dest, out.data_ptr<float>(), out.sizes().vec());
        std::cout << dest << "  " << out.size(0) << " x " << out.size(1) << " x " << out.size(2) << "\n";
      } catch (const Error& e) {
        std::cerr << "gramt-cli: error: " << e.what() << "\n";
        ++failures;
      }
    }
    if (failures) throw Error(std::to_string(failures) + " of " + std::to_string(o->inputs.size()) + " file(s) failed");
  });
}

}  // namespace gramt::cli

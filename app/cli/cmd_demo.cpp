// gramt-cli demo: what the quick start runs where no display is available. It synthesises a short
// binaural scene (a chirp moving from left to right through interaural time and level differences),
// embeds it with a small random-weight GRAM-T, and says what it wrote.
#include <cmath>
#include <filesystem>
#include <iostream>

#include "app/cli/commands.h"
#include "core/audio/audio_file.h"
#include "core/io/npy.h"
#include "core/model/compute_threads.h"
#include "core/model/hear_embedder.h"
#include "core/model/weights.h"

namespace gramt::cli {
namespace {

audio::AudioBuffer moving_chirp(int rate, double seconds) {
  audio::AudioBuffer a;
  a.sample_rate = rate;
  const auto n = static_cast<size_t>(seconds * rate);
  a.channels.assign(2, std::vector<float>(n));
  const double max_itd = 0.0007;  // seconds, about a human head
  for (size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / rate;
    const double pan = 2.0 * t / seconds - 1.0;  // −1 left … +1 right
    const double phase = 2 * M_PI * (200.0 * t + 0.5 * 1800.0 / seconds * t * t);
    const double delay = max_itd * pan;
    const double left_gain = 0.3 * (1.0 - 0.5 * pan), right_gain = 0.3 * (1.0 + 0.5 * pan);
    a.channels[0][i] = static_cast<float>(left_gain * std::sin(phase - 2 * M_PI * 1000 * std::max(0.0, delay)));
    a.channels[1][i] = static_cast<float>(right_gain * std::sin(phase - 2 * M_PI * 1000 * std::max(0.0, -delay)));
  }
  return a;
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("demo", "Headless demo: synthesise a binaural clip and embed it with a small model");
  auto out = std::make_shared<std::string>("runs/demo");
  cmd->add_option("--out", *out, "output folder")->capture_default_str();
  cmd->callback([out] {
    model::use_compute_threads();
    namespace fs = std::filesystem;
    fs::create_directories(*out);
    const auto clip = moving_chirp(32000, 4.0);
    const std::string wav = (fs::path(*out) / "moving_chirp.wav").string();
    audio::write_wav(wav, clip);
    std::cout << "wrote " << wav << " (4 s binaural chirp moving left to right)\n";

    const model::ModelConfig c = model::ModelConfig::small(4, 128);
    torch::manual_seed(0);
    model::GramtModel net(c);
    const std::string weights = (fs::path(*out) / "demo-model.safetensors").string();
    model::save_weights(net, weights);
    std::cout << "wrote " << weights << " (random-weight GRAM-T: 4 layers, width 128, frame patching)\n";

    model::HearEmbedder embedder(net, model::EmbedOptions{});
    const auto e = embedder.embed(clip, wav);
    const std::string stem = (fs::path(*out) / "moving_chirp").string();
    const torch::Tensor ts = e.timestamp_embeddings.contiguous(), sc = e.scene.contiguous();
    io::write_npy(stem + ".timestamp_embeddings.npy", ts.data_ptr<float>(), ts.sizes().vec());
    io::write_npy(stem + ".scene_embeddings.npy", sc.data_ptr<float>(), sc.sizes().vec());
    std::cout << "embedded: " << ts.size(0) << " timestamp embeddings of width " << ts.size(1) << " (every "
              << e.timestamps[1].item<float>() << " ms), scene embedding of width " << sc.size(0) << "\n";
    std::cout << "next: gramt-cli embed --weights " << weights << " --out " << *out << " your.wav\n";
  });
}

}  // namespace gramt::cli

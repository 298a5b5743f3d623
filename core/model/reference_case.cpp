#include "core/model/reference_case.h"

#include <filesystem>
#include <regex>

#include "core/audio/audio_file.h"
#include "core/common/error.h"
#include "core/io/npy.h"
#include "core/model/hear_embedder.h"
#include "core/model/weights.h"

namespace gramt::model {
namespace {

torch::Tensor load_array(const std::string& path) {
  const io::NpyArray a = io::read_npy(path);
  std::vector<float> values = a.to_float();
  return torch::from_blob(values.data(), a.shape, torch::TensorOptions().dtype(torch::kFloat32)).clone();
}

ArrayComparison compare(const std::string& name, const torch::Tensor& ours, const torch::Tensor& reference,
                        double tolerance, bool relative = false) {
  ArrayComparison r{name, 0, tolerance, relative, false, ""};
  torch::Tensor a = ours.to(torch::kFloat64).to(torch::kCPU);
  const torch::Tensor b = reference.to(torch::kFloat64);
  if (a.numel() == b.numel() && a.sizes() != b.sizes()) a = a.reshape(b.sizes());  // e.g. a dropped batch axis
  if (a.sizes() != b.sizes()) {
    r.note = "shape " + c10::str(a.sizes()) + " vs reference " + c10::str(b.sizes());
    return r;
  }
  const double err = a.numel() ? (a - b).abs().max().item<double>() : 0.0;
  r.max_abs_error = relative ? err / std::max(1e-30, b.abs().max().item<double>()) : err;
  r.passed = std::isfinite(r.max_abs_error) && r.max_abs_error <= tolerance;
  return r;
}

}  // namespace

bool ReferenceCaseResult::passed() const {
  if (arrays.empty()) return false;
  for (const auto& a : arrays)
    if (!a.passed) return false;
  return true;
}

ReferenceCaseResult check_reference_case(const std::string& folder) {
  namespace fs = std::filesystem;
  const fs::path dir(folder);
  for (const char* required : {"model.yaml", "weights.safetensors", "audio.wav"})
    if (!fs::exists(dir / required)) throw Error(folder + ": reference case lacks " + required);
  ReferenceCaseResult result;
  result.folder = folder;
  LoadedModel loaded = load_model((dir / "weights.safetensors").string(), (dir / "model.yaml").string());
  GramtModel model = loaded.model;
  const audio::AudioBuffer audio = audio::read_audio((dir / "audio.wav").string());
  const std::string audio_name = (dir / "audio.wav").string();

  EmbedOptions raw_options;
  HearEmbedder hear(model, raw_options, loaded.window, loaded.filterbank);
  EmbedOptions train_options;
  train_options.log_offset = features::kTrainLogOffset;
  HearEmbedder train(model, train_options, loaded.window, loaded.filterbank);

  constexpr double kTol = 1e-4;
  torch::Tensor hear_logmel;  // (C, T, F), reused by the chunk-0 checks
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".npy") files.push_back(entry.path());
  std::sort(files.begin(), files.end());

  torch::NoGradGuard no_grad;
  ClipEmbeddings embedded;
  bool have_embedded = false;
  auto raw_embeddings = [&]() -> const ClipEmbeddings& {
    if (!have_embedded) embedded = hear.embed(audio, audio_name), have_embedded = true;
    return embedded;
  };
  auto chunk0 = [&]() {
    if (!hear_logmel.defined()) hear_logmel = hear.features(audio, audio_name);
    const int64_t tdim = model->config().input_tdim;
    torch::Tensor x = hear_logmel.slice(1, 0, tdim);
    if (x.size(1) < tdim)
      x = torch::cat({x, torch::zeros({x.size(0), tdim - x.size(1), x.size(2)})}, 1);
    return x.unsqueeze(0);
  };
  torch::Tensor mae_input, mae_mask;
  MaeOutput mae;
  bool have_mae = false;
  auto run_mae = [&]() {
    if (have_mae) return;
    mae_input = load_array((dir / "mae_input.npy").string());
    mae_mask = load_array((dir / "mae_mask.npy").string()).to(torch::kBool);
    mae = model->forward_mae(mae_input, mae_mask);
    have_mae = true;
  };
  const std::regex layer_re(R"(chunk0_layer(-?\d+)_(mean|sum|cls|raw))");
  const std::regex strategy_re(R"(chunk0_(mean|sum|cls|raw))");
  for (const auto& file : files) {
    const std::string name = file.stem().string();
    const torch::Tensor reference = load_array(file.string());
    std::smatch m;
    if (name == "hear_logmel") {
      if (!hear_logmel.defined()) hear_logmel = hear.features(audio, audio_name);
      result.arrays.push_back(compare(name, hear_logmel, reference, kTol));
    } else if (name == "train_logmel") {
      result.arrays.push_back(compare(name, train.features(audio, audio_name), reference, kTol));
    } else if (name == "timestamp_embeddings") {
      result.arrays.push_back(compare(name, raw_embeddings().timestamp_embeddings, reference, kTol));
    } else if (name == "timestamps") {
      // The reference derives the clip length from the first axis of each item: the sample count for
      // (L) or channels-last (L, C) input, but the channel count for channels-first (C, L) input.
      // Which layout a case was made with is not recorded, so test both and report which one matched.
      const auto& ours = raw_embeddings().timestamps;
      const int sr = model->config().sample_rate;
      auto by_samples = compare(name, ours, reference, 1e-3);
      auto by_channels = compare(name, reference_timestamps(audio.channel_count(), sr, ours.size(0)), reference, 1e-3);
      if (!by_samples.passed && by_channels.passed) {
        by_channels.note = "reference input was channels-first: its timestamps use L = channel count (quirk)";
        result.arrays.push_back(by_channels);
      } else {
        result.arrays.push_back(by_samples);
      }
    } else if (name == "scene_embeddings") {
      result.arrays.push_back(compare(name, raw_embeddings().scene, reference, kTol));
    } else if (std::regex_match(name, m, layer_re)) {
      const auto out = model->representation(chunk0(), parse_strategy(m[2]), std::stoi(m[1]));
      result.arrays.push_back(compare(name, out, reference, kTol));
    } else if (std::regex_match(name, m, strategy_re)) {
      result.arrays.push_back(compare(name, model->representation(chunk0(), parse_strategy(m[1])), reference, kTol));
    } else if (name == "mae_input" || name == "mae_mask") {
      continue;  // inputs, not results
    } else if (name == "mae_pred") {
      run_mae();
      result.arrays.push_back(compare(name, mae.pred, reference, kTol));
    } else if (name == "mae_target") {
      run_mae();
      result.arrays.push_back(compare(name, mae.target, reference, kTol));
    } else if (name == "mae_loss") {
      run_mae();
      result.arrays.push_back(compare(name, mae.loss, reference, 1e-5, /*relative=*/true));
    } else {
      result.arrays.push_back({name, 0, 0, false, false, "no rule to recompute this array"});
    }
  }
  return result;
}

}  // namespace gramt::model

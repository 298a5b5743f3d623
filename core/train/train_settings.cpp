#include "core/train/train_settings.h"

#include <torch/cuda.h>

#include <sstream>

#include "core/common/error.h"

namespace gramt::train {

torch::Device parse_device(const std::string& text, const std::string& accelerator) {
  std::string t = text;
  if (t == "auto") t = (accelerator == "gpu" && torch::cuda::is_available()) ? "cuda" : "cpu";
  if (t.rfind("cuda", 0) == 0 && !torch::cuda::is_available())
    throw Error("trainer.device: '" + text + "' needs CUDA, which this LibTorch build or machine lacks (use cpu)");
  try {
    return torch::Device(t);
  } catch (const std::exception&) {
    throw Error("trainer.device: '" + text + "' is not cpu, cuda, cuda:N or auto");
  }
}

TrainSettings read_train_settings(const config::Config& c) {
  TrainSettings s;
  s.model = model::parse_model_config(YAML::Dump(c.node("model")), c.source() + " (model section)");
  // The data section decides masking and input size; the model section mirrors it through ${...}.
  auto& t = s.trainer;
  t.steps = c.get<int64_t>("trainer.steps");
  const int gpus = c.get_or<int>("trainer.num_gpus", 1);
  if (c.get_or<std::string>("trainer.accelerator", "cpu") == "gpu" && gpus > 1) t.steps /= gpus;  // as the reference
  t.lr = c.get<double>("optimizer.lr");
  t.beta1 = c.get<double>("optimizer.b1");
  t.beta2 = c.get<double>("optimizer.b2");
  t.weight_decay = c.get<double>("optimizer.weight_decay");
  t.eps = c.get_or<double>("optimizer.eps", 1e-8);
  if (c.get_or<std::string>("optimizer.name", "adamW") != "adamW")
    throw Error(c.source() + ": optimizer.name: only adamW is supported");
  t.warmup_steps = c.get_or<int64_t>("trainer.warmup_steps", 10000);
  t.grad_clip_norm = c.get_or<double>("trainer.grad_clip_norm", 5.0);
  t.images_every = c.get_or<int64_t>("trainer.log_images_every", 1000);
  t.checkpoint_every = c.get_or<int64_t>("trainer.checkpoint.every", 25000);
  t.checkpoints.keep_last = c.get_or<int>("trainer.checkpoint.keep_last", 0);
  if (c.has("trainer.checkpoint.keep_steps")) t.checkpoints.keep_steps = c.get<std::vector<int64_t>>("trainer.checkpoint.keep_steps");
  t.device = parse_device(c.get_or<std::string>("trainer.device", "cpu"), c.get_or<std::string>("trainer.accelerator", "cpu"));
  t.bf16_autocast = c.get_or<std::string>("trainer.precision", "32") == "bf16-mixed";
  s.clips_per_batch = c.get<int>("trainer.batch_size");
  if (s.clips_per_batch < 1) throw Error(c.source() + ": trainer.batch_size must be at least 1");
  if (t.steps < 1) throw Error(c.source() + ": trainer.steps must be at least 1");
  s.seed = c.get_or<uint64_t>("seed", 42);

  // The reference names runs by their settings; '/' separated folders there, '_' here.
  std::ostringstream name;
  name << "InChannels=" << s.model.in_channels << "_CleanDataFraction=" << c.get_or<double>("data.clean_data_ratio", 0.0)
       << "_ModelSize=" << s.model.size << "_LR=" << t.lr << "_BatchSize=" << s.clips_per_batch
       << "_NrSamples=" << c.get_or<int>("data.samples_per_audio", 16) << "_Patching=" << s.model.patching.name
       << "_MaskPatch=" << s.model.mask_patch << "_InputL=" << c.get_or<int>("data.input_length", 1024);
  s.run_name = name.str();
  return s;
}

}  // namespace gramt::train

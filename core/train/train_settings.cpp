#include "core/train/train_settings.h"

#include <torch/cuda.h>

#include <algorithm>
#include <sstream>

#include "core/common/error.h"
#include "core/model/compute_precision.h"
#include "core/train/train_setting_table.h"

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
  // Every trainer key goes through the settings table: its range, its default.
  auto& t = s.trainer;
  t.steps = read_setting<int64_t>(c, "trainer.steps");
  const int gpus = read_setting<int>(c, "trainer.num_gpus");
  const std::string accelerator = read_setting<std::string>(c, "trainer.accelerator");
  if (accelerator == "gpu" && gpus > 1) t.steps = std::max<int64_t>(1, t.steps / gpus);  // as the reference
  t.lr = read_setting<double>(c, "optimizer.lr");
  t.beta1 = read_setting<double>(c, "optimizer.b1");
  t.beta2 = read_setting<double>(c, "optimizer.b2");
  t.weight_decay = read_setting<double>(c, "optimizer.weight_decay");
  t.eps = read_setting<double>(c, "optimizer.eps");
  read_setting<std::string>(c, "optimizer.name");  // only adamW is allowed
  t.warmup_steps = read_setting<int64_t>(c, "trainer.warmup_steps");
  t.grad_clip_norm = read_setting<double>(c, "trainer.grad_clip_norm");
  t.images_every = read_setting<int64_t>(c, "trainer.log_images_every");
  t.checkpoint_every = read_setting<int64_t>(c, "trainer.checkpoint.every");
  t.checkpoints.keep_last = read_setting<int>(c, "trainer.checkpoint.keep_last");
  t.checkpoints.keep_steps = read_setting<std::vector<int64_t>>(c, "trainer.checkpoint.keep_steps");
  t.device = parse_device(read_setting<std::string>(c, "trainer.device"), accelerator);
  model::refuse_int8_for_training(c.get_or<std::string>("trainer.precision", ""), c.source() + ": trainer.precision");
  t.bf16_mixed = read_setting<std::string>(c, "trainer.precision") == "bf16-mixed";
  s.clips_per_batch = read_setting<int>(c, "trainer.batch_size");
  s.seed = read_setting<uint64_t>(c, "seed");

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

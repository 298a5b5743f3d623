#include "core/train/train_setting_table.h"

#include <sstream>

#include "core/common/error.h"
#include "core/train/train_defaults.h"

namespace gramt::train {
namespace {

using config::KeyAnnotation;
using nlohmann::json;
constexpr std::optional<double> kAny = std::nullopt;

std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

const KeyAnnotation& row_of(const std::string& key) {
  for (const auto& row : train_setting_table())
    if (row.key == key) return row;
  throw Error("train settings: '" + key + "' has no row in the settings table");  // a programming error
}

template <typename T>
void check_range(const config::Config& c, const KeyAnnotation& row, const T& value) {
  if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
    const auto v = static_cast<double>(value);
    if ((row.min && v < *row.min) || (row.max && v > *row.max)) {
      std::string range = row.min && row.max ? "between " + number_text(*row.min) + " and " + number_text(*row.max)
                          : row.min          ? "at least " + number_text(*row.min)
                                             : "at most " + number_text(*row.max);
      throw Error(c.source() + ": " + row.key + " must be " + range + " (it is " + number_text(v) + ")");
    }
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (row.choices.empty()) return;
    for (const auto& choice : row.choices)
      if (choice == value) return;
    std::string allowed;
    for (const auto& choice : row.choices) allowed += (allowed.empty() ? "" : ", ") + choice;
    throw Error(c.source() + ": " + row.key + ": '" + value + "' is not one of " + allowed);
  }
}

}  // namespace

const std::vector<config::KeyAnnotation>& train_setting_table() {
  namespace d = defaults;
  static const std::vector<KeyAnnotation> table = {
      {"trainer.steps", "int", d::kSteps, 1, kAny, {}, "optimiser steps of the whole run (divided by num_gpus per process on gpu)"},
      {"trainer.batch_size", "int", d::kBatchSize, 1, kAny, {}, "clips per step and process (crops = batch_size x data.samples_per_audio)"},
      {"trainer.num_gpus", "int", d::kNumGpus, 1, kAny, {}, "data-parallel processes the run is planned for"},
      {"trainer.accelerator", "string", d::kAccelerator, kAny, kAny, {"gpu", "cpu"}, "gpu or cpu; trainer.device auto follows it"},
      {"trainer.device", "string", d::kDevice, kAny, kAny, {}, "auto, cpu, cuda or cuda:N"},
      {"trainer.precision", "string", d::kPrecision, kAny, kAny, {"32", "bf16-mixed"}, "bf16-mixed: bf16 products with fp32 weights (CUDA: autocast; CPU: oneDNN bf16 where the CPU has native bf16, else fp32); 32: fp32"},
      {"trainer.warmup_steps", "int", d::kWarmupSteps, 0, kAny, {}, "linear learning-rate warm-up, then cosine decay to 0 at trainer.steps"},
      {"trainer.grad_clip_norm", "float", d::kGradClipNorm, 0, kAny, {}, "global L2 norm the gradients are clipped to"},
      {"trainer.log_images_every", "int", d::kImagesEvery, 0, kAny, {}, "steps between spectrogram images; 0 = never"},
      {"trainer.checkpoint.every", "int", d::kCheckpointEvery, 0, kAny, {}, "steps between checkpoints; 0 = only at the end"},
      {"trainer.checkpoint.keep_last", "int", d::kCheckpointKeepLast, 0, kAny, {}, "newest checkpoints kept; 0 = keep all"},
      {"trainer.checkpoint.keep_steps", "list", json::array(), kAny, kAny, {}, "steps whose checkpoints are never deleted"},
      {"optimizer.name", "string", "adamW", kAny, kAny, {"adamW"}, "the optimiser (AdamW only, as the reference)"},
      {"optimizer.lr", "float", d::kLr, 0, kAny, {}, "peak learning rate"},
      {"optimizer.b1", "float", d::kBeta1, 0, 1, {}, "AdamW beta1"},
      {"optimizer.b2", "float", d::kBeta2, 0, 1, {}, "AdamW beta2"},
      {"optimizer.weight_decay", "float", d::kWeightDecay, 0, kAny, {}, "AdamW decoupled weight decay"},
      {"optimizer.eps", "float", d::kEps, 0, kAny, {}, "AdamW epsilon"},
      {"seed", "int", d::kSeed, 0, kAny, {}, "seed of the model's initial weights and the data order"},
  };
  return table;
}

template <typename T>
T read_setting(const config::Config& c, const std::string& key) {
  const KeyAnnotation& row = row_of(key);
  const T value = c.has(key) ? c.get<T>(key) : row.default_value.get<T>();
  check_range(c, row, value);
  return value;
}

template bool read_setting<bool>(const config::Config&, const std::string&);
template int read_setting<int>(const config::Config&, const std::string&);
template int64_t read_setting<int64_t>(const config::Config&, const std::string&);
template uint64_t read_setting<uint64_t>(const config::Config&, const std::string&);
template double read_setting<double>(const config::Config&, const std::string&);
template std::string read_setting<std::string>(const config::Config&, const std::string&);
template std::vector<int64_t> read_setting<std::vector<int64_t>>(const config::Config&, const std::string&);

}  // namespace gramt::train

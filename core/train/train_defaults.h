#pragma once
// The trainer's defaults, declared once: TrainerParams / TrainSettings start from them, and the
// settings table (train_setting_table.h) gives them to a configuration that lacks the key and to
// `gramt-cli train --schema`. They are the reference's pretraining run (configs/trainer/
// default_trainer.yaml, configs/optimizer/adamW.yaml).
#include <cstdint>

namespace gramt::train::defaults {

inline constexpr int64_t kSteps = 500000;
inline constexpr int kBatchSize = 96;            // clips per step and process
inline constexpr int kNumGpus = 1;
inline constexpr const char* kAccelerator = "gpu";
inline constexpr const char* kDevice = "auto";
inline constexpr const char* kPrecision = "bf16-mixed";
inline constexpr int64_t kWarmupSteps = 10000;
inline constexpr double kGradClipNorm = 5.0;
inline constexpr int64_t kImagesEvery = 1000;
inline constexpr int64_t kCheckpointEvery = 25000;
inline constexpr int kCheckpointKeepLast = 0;    // keep all, as the reference
inline constexpr double kLr = 2e-4;
inline constexpr double kBeta1 = 0.9;
inline constexpr double kBeta2 = 0.95;
inline constexpr double kWeightDecay = 0.01;
inline constexpr double kEps = 1e-8;
inline constexpr uint64_t kSeed = 42;

}  // namespace gramt::train::defaults

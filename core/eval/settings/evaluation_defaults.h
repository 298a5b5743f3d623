#pragma once
// The evaluation commands' defaults, declared once: PredictParams, EmbedTasksParams,
// EvaluateParams and HearModelOptions start from them, and the settings table
// (evaluation_settings.h) hands them to the CLI options, `gramt-cli evaluate --schema` and the
// workbench's Evaluate form. The predictor's are the kits' (spec/eval.md §3).
#include <cstdint>

namespace gramt::eval::defaults {

inline constexpr const char* kStrategy = "raw";
inline constexpr const char* kGrid = "default";
inline constexpr int64_t kGridPoints = 8;
inline constexpr int64_t kMaxGridPoints = 1000;
inline constexpr int64_t kSeed = 42;  // the kits seed 42 before shuffling the grid
inline constexpr const char* kKit = "listen";  // GRAM-T's published numbers come from listen-eval-kit
inline constexpr int64_t kBatchClips = 64;
inline constexpr int kChunkBatch = 8;
inline constexpr const char* kPrecision = "32";
inline constexpr const char* kDevice = "cpu";
inline constexpr const char* kTasksSize = "small";
inline constexpr uint64_t kTaskSeed = 42;
inline constexpr uint64_t kInitSeed = 42;
inline constexpr const char* kProbe = "mlp";
inline constexpr int64_t kKnnK = 10;
inline constexpr const char* kKnnDistance = "cosine";

}  // namespace gramt::eval::defaults

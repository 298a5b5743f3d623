#pragma once
// Where `evaluate --seeds a,b,c` keeps the kit's scores file of every seed after the first. The
// first seed's prediction writes the kits' files in their standard place in the task folder
// (test.predicted-scores.json, per-fold predictions, the done file) so both kits and our detail
// view read it as usual; later seeds must not overwrite those, so only their scores go to
//   <task_dir>/seeds/seed-<N>.<kit scores file name>
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/eval/predict/predicted_scores_file.h"

namespace gramt::eval::benchmark {

inline std::string seed_scores_folder(const std::string& task_dir) {
  return (std::filesystem::path(task_dir) / "seeds").string();
}

inline std::string seed_scores_path(const std::string& task_dir, uint64_t seed, bool localization) {
  return (std::filesystem::path(seed_scores_folder(task_dir)) /
          ("seed-" + std::to_string(seed) + "." + predict::predicted_scores_filename(localization)))
      .string();
}

}  // namespace gramt::eval::benchmark

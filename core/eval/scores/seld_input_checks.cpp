#include "core/eval/scores/seld_input_checks.h"

#include <cmath>

#include "core/common/error.h"

namespace gramt::eval::scores {
namespace {

void check_entry(int64_t frame, int64_t class_index, bool finite, int64_t classes, const std::string& where) {
  if (frame < 0) throw Error(where + " has a negative frame index (" + std::to_string(frame) + ")");
  if (class_index < 0 || class_index >= classes)
    throw Error(where + " has class index " + std::to_string(class_index) + ", outside [0, " +
                std::to_string(classes) + ")");
  if (!finite) throw Error(where + " has a non-finite coordinate");
}

}  // namespace

void check_seld_inputs(const SeldScoreInputs& inputs, const std::string& score) {
  if (inputs.classes < 1) throw Error(score + ": the label vocabulary is empty (classes = " + std::to_string(inputs.classes) + ")");
  for (const auto& [file, doas] : inputs.predicted) {
    for (size_t k = 0; k < doas.size(); ++k) {
      const auto& d = doas[k];
      check_entry(d.frame, d.class_index, std::isfinite(d.x) && std::isfinite(d.y) && std::isfinite(d.z), inputs.classes,
                  score + ": predicted entry " + std::to_string(k) + " of file '" + file + "'");
    }
  }
  for (const auto& [file, doas] : inputs.reference) {
    for (size_t k = 0; k < doas.size(); ++k) {
      const auto& d = doas[k];
      check_entry(d.frame, d.class_index, std::isfinite(d.azimuth_deg) && std::isfinite(d.elevation_deg),
                  inputs.classes, score + ": reference entry " + std::to_string(k) + " of file '" + file + "'");
    }
  }
}

}  // namespace gramt::eval::scores

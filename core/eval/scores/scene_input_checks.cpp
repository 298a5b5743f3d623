#include "core/eval/scores/scene_input_checks.h"

#include <cmath>

#include "core/common/error.h"

namespace gramt::eval::scores {
namespace {

void check_matrix(const Matrix& m, const std::string& what, const std::string& score) {
  if (m.rows < 1 || m.cols < 1)
    throw Error(score + ": " + what + " is empty (" + std::to_string(m.rows) + " x " + std::to_string(m.cols) + ")");
  if (m.values.size() != static_cast<size_t>(m.rows * m.cols))
    throw Error(score + ": " + what + " holds " + std::to_string(m.values.size()) + " values, not " +
                std::to_string(m.rows) + " x " + std::to_string(m.cols));
  for (size_t i = 0; i < m.values.size(); ++i) {
    if (!std::isfinite(m.values[i]))
      throw Error(score + ": " + what + " row " + std::to_string(static_cast<int64_t>(i) / m.cols) + " column " +
                  std::to_string(static_cast<int64_t>(i) % m.cols) + " is not finite");
  }
}

}  // namespace

void check_matrix_pair(const Matrix& predictions, const Matrix& targets, const std::string& score) {
  check_matrix(predictions, "predictions", score);
  check_matrix(targets, "targets", score);
  if (predictions.rows != targets.rows || predictions.cols != targets.cols)
    throw Error(score + ": predictions are " + std::to_string(predictions.rows) + " x " +
                std::to_string(predictions.cols) + " but targets are " + std::to_string(targets.rows) + " x " +
                std::to_string(targets.cols));
}

void check_indicator_targets(const Matrix& targets, const std::string& score) {
  for (size_t i = 0; i < targets.values.size(); ++i) {
    const double t = targets.values[i];
    if (t != 0.0 && t != 1.0)
      throw Error(score + ": target row " + std::to_string(static_cast<int64_t>(i) / targets.cols) + " column " +
                  std::to_string(static_cast<int64_t>(i) % targets.cols) + " is " + std::to_string(t) +
                  "; targets must be 0 or 1");
  }
}

}  // namespace gramt::eval::scores

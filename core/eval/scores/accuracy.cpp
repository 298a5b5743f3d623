#include "core/eval/scores/accuracy.h"

#include "core/eval/scores/scene_input_checks.h"

namespace gramt::eval::scores {
namespace {

// Fraction of rows where same_class(predicted argmax, target argmax) holds.
template <typename SameClass>
double argmax_agreement(const Matrix& predictions, const Matrix& targets, const std::string& score,
                        SameClass same_class) {
  check_matrix_pair(predictions, targets, score);
  int64_t correct = 0;
  for (int64_t r = 0; r < predictions.rows; ++r) {
    if (same_class(row_argmax(predictions, r), row_argmax(targets, r))) ++correct;
  }
  return static_cast<double>(correct) / static_cast<double>(predictions.rows);
}

}  // namespace

int64_t row_argmax(const Matrix& m, int64_t row) {
  int64_t best = 0;
  for (int64_t c = 1; c < m.cols; ++c) {
    if (m.at(row, c) > m.at(row, best)) best = c;
  }
  return best;
}

double top1_accuracy(const Matrix& predictions, const Matrix& targets) {
  return argmax_agreement(predictions, targets, "top1_acc", [](int64_t p, int64_t t) { return p == t; });
}

double chroma_accuracy(const Matrix& predictions, const Matrix& targets) {
  return argmax_agreement(predictions, targets, "chroma_acc", [](int64_t p, int64_t t) { return p % 12 == t % 12; });
}

}  // namespace gramt::eval::scores

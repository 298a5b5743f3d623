#pragma once
// Small builders shared by the score tests.
#include <initializer_list>
#include <vector>

#include "core/eval/scores/score_inputs.h"

namespace gramt::eval::scores::testing {

inline Matrix matrix(std::initializer_list<std::initializer_list<double>> rows) {
  Matrix m;
  for (const auto& row : rows) {
    m.cols = static_cast<int64_t>(row.size());
    for (double v : row) m.values.push_back(v);
    ++m.rows;
  }
  return m;
}

}  // namespace gramt::eval::scores::testing

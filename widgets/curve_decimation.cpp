#include "widgets/curve_decimation.h"

#include <cmath>

namespace gramt::widgets {

QVector<QCPGraphData> decimateMinMax(const double* x, const double* y, size_t begin, size_t end, int buckets) {
  QVector<QCPGraphData> out;
  if (end <= begin) return out;
  const size_t count = end - begin;
  if (buckets < 1 || count <= static_cast<size_t>(2 * buckets + 2)) {
    out.reserve(static_cast<int>(count));
    for (size_t i = begin; i < end; ++i) out.append(QCPGraphData(x[i], std::isfinite(y[i]) ? y[i] : qQNaN()));
    return out;
  }
  out.reserve(2 * buckets + 2);
  const double x0 = x[begin], span = x[end - 1] - x0;
  auto push = [&](size_t i) {
    if (out.isEmpty() || out.back().key != x[i] || out.back().value != y[i])
      out.append(QCPGraphData(x[i], std::isfinite(y[i]) ? y[i] : qQNaN()));
  };
  push(begin);
  size_t i = begin + 1;
  for (int b = 0; b < buckets && i < end - 1; ++b) {
    // Buckets split the x span evenly (not the index range), so sparse and dense stretches of a
    // curve get the same number of screen columns.
    const double limit = b == buckets - 1 ? HUGE_VAL : x0 + span * (b + 1) / buckets;
    size_t lo = i, hi = i;
    bool gap = false;
    const size_t first = i;
    for (; i < end - 1 && x[i] <= limit; ++i) {
      if (!std::isfinite(y[i])) {
        gap = true;
        continue;
      }
      if (!std::isfinite(y[lo]) || y[i] < y[lo]) lo = i;
      if (!std::isfinite(y[hi]) || y[i] > y[hi]) hi = i;
    }
    if (i == first) continue;  // an empty bucket
    if (gap) out.append(QCPGraphData(x[first], qQNaN()));
    if (std::isfinite(y[lo]) || std::isfinite(y[hi])) {
      push(lo < hi ? lo : hi);
      push(lo < hi ? hi : lo);
    }
  }
  push(end - 1);
  return out;
}

}  // namespace gramt::widgets

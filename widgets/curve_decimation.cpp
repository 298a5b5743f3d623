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

QVector<QCPGraphData> decimateMean(const double* x, const double* y, size_t begin, size_t end, int buckets) {
  if (end <= begin || buckets < 1 || end - begin <= static_cast<size_t>(2 * buckets + 2))
    return decimateMinMax(x, y, begin, end, buckets);
  QVector<QCPGraphData> out;
  out.reserve(buckets + 2);
  const double x0 = x[begin], span = x[end - 1] - x0;
  out.append(QCPGraphData(x[begin], std::isfinite(y[begin]) ? y[begin] : qQNaN()));
  size_t i = begin + 1;
  for (int b = 0; b < buckets && i < end - 1; ++b) {
    const double limit = b == buckets - 1 ? HUGE_VAL : x0 + span * (b + 1) / buckets;
    double sum_x = 0, sum_y = 0;
    size_t finite = 0;
    const size_t first = i;
    for (; i < end - 1 && x[i] <= limit; ++i) {
      if (!std::isfinite(y[i])) continue;
      sum_x += x[i];
      sum_y += y[i];
      ++finite;
    }
    if (i == first) continue;
    if (finite == 0) {
      out.append(QCPGraphData(x[first], qQNaN()));
    } else {
      out.append(QCPGraphData(sum_x / static_cast<double>(finite), sum_y / static_cast<double>(finite)));
    }
  }
  out.append(QCPGraphData(x[end - 1], std::isfinite(y[end - 1]) ? y[end - 1] : qQNaN()));
  return out;
}

}  // namespace gramt::widgets

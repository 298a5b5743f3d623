#pragma once
// Reduces a long x-sorted curve to what a screen can show: per bucket (one or two pixel columns)
// the minimum and the maximum, in x order. A million-point training curve then draws as fast as a
// thousand-point one, and no spike disappears (plain subsampling drops them). A bucket holding a
// non-finite value yields a NaN point there, which QCustomPlot draws as a gap.
#include <qcustomplot.h>

#include <cstddef>

namespace gramt::widgets {

// Points [begin, end) of x/y; at most 2 * buckets + 2 points come back (the range's first and last
// point are always kept, so the curve reaches the plot's edges).
QVector<QCPGraphData> decimateMinMax(const double* x, const double* y, size_t begin, size_t end, int buckets);

// One point per bucket, the mean of its finite points (a gap where it has none): for a curve that
// is already smooth, where min/max would draw a needless zigzag that costs time with a wide pen.
QVector<QCPGraphData> decimateMean(const double* x, const double* y, size_t begin, size_t end, int buckets);

}  // namespace gramt::widgets

#pragma once
// listen-eval-kit's scene localization scores (spec/eval.md §4.3); predictions and targets are N x k
// (k = 3 cartesian, or [azimuth, elevation] degrees for DOEPolar), one row per clip:
//   3d_source_local      mean |p - t| over all elements
//   3d_source_local_x/y/z mean |p_j - t_j| of column 0 / 1 / 2
//   DOE                  median great-circle angle (degrees) between the directions of p and t
//   DOEPolar             the same from [azimuth, elevation] in degrees (GRAM-T's vendored kit)
//   DOA                  mean of 2 asin(|t - p| / 2) in degrees (assumes unit vectors). The kit
//                        means to replace the NaN of |t - p| > 2 by 180 but passes 180 as numpy's
//                        `copy` flag, so NaN becomes 0: DOA reproduces that, DOA_nan_as_180 is the
//                        intended value.
//   MAE                  mean angle between the row-normalised vectors (a zero vector gives NaN)
//   distance             mean | |p| - |t| |
// Shapes must agree, N >= 1, values finite, and the columns a score reads must exist.
#include "core/eval/scores/score_inputs.h"

namespace gramt::eval::scores {

double mean_absolute_error(const Matrix& predictions, const Matrix& targets);
double mean_absolute_error_of_column(const Matrix& predictions, const Matrix& targets, int64_t column);
double median_direction_error_deg(const Matrix& predictions, const Matrix& targets);
double median_polar_direction_error_deg(const Matrix& predictions, const Matrix& targets);

struct ChordAngleError {
  double as_published = 0.0;  // NaN rows (chord longer than 2) count as 0
  double nan_as_180 = 0.0;    // NaN rows count as 180
};
ChordAngleError mean_chord_angle_error_deg(const Matrix& predictions, const Matrix& targets);

double mean_angular_error_deg(const Matrix& predictions, const Matrix& targets);
double mean_distance_error(const Matrix& predictions, const Matrix& targets);

}  // namespace gramt::eval::scores

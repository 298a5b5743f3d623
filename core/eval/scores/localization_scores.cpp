#include "core/eval/scores/localization_scores.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/eval/scores/angles.h"
#include "core/eval/scores/scene_input_checks.h"

namespace gramt::eval::scores {
namespace {

void check_columns(const Matrix& predictions, const Matrix& targets, int64_t needed, const std::string& score) {
  check_matrix_pair(predictions, targets, score);
  if (predictions.cols < needed)
    throw Error(score + ": needs " + std::to_string(needed) + " columns, the predictions have " +
                std::to_string(predictions.cols));
}

double mean_of(const std::vector<double>& values) {
  double sum = 0.0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

// numpy.median: the middle value, or the mean of the two middle values; NaN if any value is NaN.
double median_of(std::vector<double> values) {
  if (std::any_of(values.begin(), values.end(), [](double v) { return std::isnan(v); })) return std::nan("");
  const size_t n = values.size();
  std::sort(values.begin(), values.end());
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

double row_norm(const Matrix& m, int64_t row) {
  double sum = 0.0;
  for (int64_t c = 0; c < m.cols; ++c) sum += m.at(row, c) * m.at(row, c);
  return std::sqrt(sum);
}

// The kit's cartesian -> (azimuth, elevation) in radians: azimuth from atan2(x, y) (sic, x first)
// shifted by 360 degrees, elevation atan(z / sqrt(x^2 + y^2)). The same convention on both sides
// makes the angle between them the angle between the vectors.
void kit_direction(double x, double y, double z, double& azimuth, double& elevation) {
  azimuth = std::fmod(deg2rad(rad2deg(std::atan2(x, y)) + 360.0), 360.0);
  elevation = std::atan(z / std::sqrt(x * x + y * y));
}

}  // namespace

double mean_absolute_error(const Matrix& predictions, const Matrix& targets) {
  check_matrix_pair(predictions, targets, "3d_source_local");
  double sum = 0.0;
  for (size_t i = 0; i < predictions.values.size(); ++i) sum += std::fabs(predictions.values[i] - targets.values[i]);
  return sum / static_cast<double>(predictions.values.size());
}

double mean_absolute_error_of_column(const Matrix& predictions, const Matrix& targets, int64_t column) {
  const std::string score = std::string("3d_source_local_") + "xyz"[std::min<int64_t>(column, 2)];
  check_columns(predictions, targets, column + 1, score);
  double sum = 0.0;
  for (int64_t r = 0; r < predictions.rows; ++r) sum += std::fabs(predictions.at(r, column) - targets.at(r, column));
  return sum / static_cast<double>(predictions.rows);
}

double median_direction_error_deg(const Matrix& predictions, const Matrix& targets) {
  check_columns(predictions, targets, 3, "DOE");
  std::vector<double> angles;
  angles.reserve(static_cast<size_t>(predictions.rows));
  for (int64_t r = 0; r < predictions.rows; ++r) {
    double p_az, p_el, t_az, t_el;
    kit_direction(predictions.at(r, 0), predictions.at(r, 1), predictions.at(r, 2), p_az, p_el);
    kit_direction(targets.at(r, 0), targets.at(r, 1), targets.at(r, 2), t_az, t_el);
    double cosine = std::sin(t_el) * std::sin(p_el) + std::cos(t_el) * std::cos(p_el) * std::cos(t_az - p_az);
    cosine = std::clamp(cosine, -1.0, 1.0);
    angles.push_back(rad2deg(std::acos(cosine)));
  }
  return median_of(std::move(angles));
}

double median_polar_direction_error_deg(const Matrix& predictions, const Matrix& targets) {
  check_columns(predictions, targets, 2, "DOEPolar");
  std::vector<double> angles;
  angles.reserve(static_cast<size_t>(predictions.rows));
  for (int64_t r = 0; r < predictions.rows; ++r) {
    const double p_az = deg2rad(predictions.at(r, 0)), p_el = deg2rad(predictions.at(r, 1));
    const double t_az = deg2rad(targets.at(r, 0)), t_el = deg2rad(targets.at(r, 1));
    double cosine = std::sin(t_el) * std::sin(p_el) + std::cos(t_el) * std::cos(p_el) * std::cos(t_az - p_az);
    cosine = std::clamp(cosine, -1.0, 1.0);
    angles.push_back(rad2deg(std::acos(cosine)));
  }
  return median_of(std::move(angles));
}

ChordAngleError mean_chord_angle_error_deg(const Matrix& predictions, const Matrix& targets) {
  check_matrix_pair(predictions, targets, "DOA");
  double published = 0.0, intended = 0.0;
  for (int64_t r = 0; r < predictions.rows; ++r) {
    double squared = 0.0;
    for (int64_t c = 0; c < predictions.cols; ++c) {
      const double d = targets.at(r, c) - predictions.at(r, c);
      squared += d * d;
    }
    const double angle = 2.0 * std::asin(std::sqrt(squared) / 2.0) * (180.0 / kPi);
    published += std::isnan(angle) ? 0.0 : angle;
    intended += std::isnan(angle) ? 180.0 : angle;
  }
  const auto n = static_cast<double>(predictions.rows);
  return {published / n, intended / n};
}

double mean_angular_error_deg(const Matrix& predictions, const Matrix& targets) {
  check_matrix_pair(predictions, targets, "MAE");
  std::vector<double> angles;
  angles.reserve(static_cast<size_t>(predictions.rows));
  for (int64_t r = 0; r < predictions.rows; ++r) {
    const double t_norm = row_norm(targets, r), p_norm = row_norm(predictions, r);
    double dot = 0.0;
    for (int64_t c = 0; c < predictions.cols; ++c) dot += (targets.at(r, c) / t_norm) * (predictions.at(r, c) / p_norm);
    dot = std::clamp(dot, -1.0, 1.0);
    angles.push_back(std::acos(dot) * (180.0 / kPi));
  }
  return mean_of(angles);
}

double mean_distance_error(const Matrix& predictions, const Matrix& targets) {
  check_matrix_pair(predictions, targets, "distance");
  double sum = 0.0;
  for (int64_t r = 0; r < predictions.rows; ++r) sum += std::fabs(row_norm(predictions, r) - row_norm(targets, r));
  return sum / static_cast<double>(predictions.rows);
}

}  // namespace gramt::eval::scores

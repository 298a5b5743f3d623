#include "core/eval/scores/old_seld_metrics.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/eval/scores/angles.h"
#include "core/eval/scores/linear_assignment.h"
#include "core/eval/scores/seld_input_checks.h"

namespace gramt::eval::scores {
namespace {

constexpr double kEps = DBL_EPSILON;

// Python's float floor division (the kit divides numpy floats with //).
double python_floor_divide(double a, double b) {
  double mod = std::fmod(a, b);
  double div = (a - mod) / b;
  if (mod != 0.0 && ((b < 0) != (mod < 0))) div -= 1.0;
  if (div == 0.0) return std::copysign(0.0, a / b);
  double floored = std::floor(div);
  if (div - floored > 0.5) floored += 1.0;
  return floored;
}

// Python's range(start, stop, step) for step > 0.
std::vector<int> python_range(int start, int stop, int step) {
  std::vector<int> values;
  for (long long v = start; v < stop; v += step) values.push_back(static_cast<int>(v));
  return values;
}

struct Grid {
  std::vector<int> azimuths, elevations;
  double elevation_scaling = 1.0;
  int cell_step = 10;  // degrees per cell index step: 10 as published, doa_resolution corrected
  int64_t cells() const { return static_cast<int64_t>(azimuths.size() * elevations.size()); }
  int64_t height() const { return static_cast<int64_t>(elevations.size()); }

  // Cell of an (azimuth, elevation) pair in degrees, elevation not yet scaled; -1 outside the grid.
  int64_t cell_of(double azimuth, double elevation) const {
    const double az = std::clamp(azimuth, double(azimuths.front()), double(azimuths.back()));
    const double el = std::clamp(elevation / elevation_scaling, double(elevations.front()), double(elevations.back()));
    const double index = python_floor_divide(az - azimuths.front(), cell_step) * static_cast<double>(height()) +
                         python_floor_divide(el - elevations.front(), cell_step);
    const auto cell = static_cast<int64_t>(index);
    return cell < cells() ? cell : -1;
  }
  // Back to grid degrees, then radians as the kit does (`degrees * pi / 180`).
  void direction_of(int64_t cell, double& azimuth, double& elevation) const {
    azimuth = static_cast<double>((cell / height()) * cell_step + azimuths.front()) * kPi / 180.0;
    elevation = static_cast<double>((cell % height()) * cell_step + elevations.front()) * kPi / 180.0;
  }
};

// An active (class, cell) in a frame; a file's list is sorted and unique (the raster is binary).
struct ActiveCell {
  int64_t frame = 0;
  int64_t class_index = 0;
  int64_t cell = 0;
  bool operator<(const ActiveCell& o) const {
    return frame != o.frame ? frame < o.frame : class_index != o.class_index ? class_index < o.class_index : cell < o.cell;
  }
  bool operator==(const ActiveCell& o) const { return frame == o.frame && class_index == o.class_index && cell == o.cell; }
};

void sort_unique(std::vector<ActiveCell>& cells) {
  std::sort(cells.begin(), cells.end());
  cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
}

class OldSeldAccumulator {
 public:
  OldSeldAccumulator(const Grid& grid, int64_t block_frames, int64_t max_frames)
      : grid_(grid), block_(block_frames), frames_(max_frames) {}

  bool failed() const { return failed_; }

  void add_file(const std::vector<PredictedDoa>& predicted, const std::vector<ReferenceDoa>& reference) {
    std::vector<ActiveCell> pred, gt;
    for (const auto& d : predicted) {
      const double azimuth = std::atan2(d.y, d.x) * 180.0 / kPi;
      const double elevation = std::atan2(d.z, std::sqrt(d.x * d.x + d.y * d.y)) * 180.0 / kPi;
      add_cell(d.frame, d.class_index, azimuth, elevation, pred);
    }
    for (const auto& d : reference) add_cell(d.frame, d.class_index, d.azimuth_deg, d.elevation_deg, gt);
    if (failed_) return;
    sort_unique(pred);
    sort_unique(gt);
    add_sed(pred, gt);
    add_doa(pred, gt);
  }

  SeldResult result() const {
    SeldResult r;
    if (failed_) {
      const double nan = std::numeric_limits<double>::quiet_NaN();
      return {nan, nan, nan, nan, nan};
    }
    r.error_rate = (substitutions_ + deletions_ + insertions_) / (nref_ + 0.0);
    const double precision = tp_ / (nsys_ + kEps);
    const double recall = tp_ / (nref_ + kEps);
    r.f_measure = 2.0 * precision * recall / (precision + recall + kEps);
    r.localization_error_deg = doa_error_sum_ / predicted_cells_;
    r.localization_recall = good_frames_ / frame_count_;
    r.seld = (r.error_rate + (1.0 - r.f_measure) + r.localization_error_deg / 180.0 + (1.0 - r.localization_recall)) / 4.0;
    return r;
  }

 private:
  void add_cell(int64_t frame, int64_t class_index, double azimuth, double elevation, std::vector<ActiveCell>& into) {
    const int64_t cell = grid_.cell_of(azimuth, elevation);
    if (cell < 0) {
      failed_ = true;
      return;
    }
    into.push_back({frame, class_index, cell});
  }

  // Block activity per class from the first B - 1 frames of each block.
  std::vector<std::pair<int64_t, int64_t>> block_activity(const std::vector<ActiveCell>& cells) const {
    std::vector<std::pair<int64_t, int64_t>> active;  // (block, class)
    for (const auto& c : cells) {
      if (c.frame % block_ != block_ - 1) active.emplace_back(c.frame / block_, c.class_index);
    }
    std::sort(active.begin(), active.end());
    active.erase(std::unique(active.begin(), active.end()), active.end());
    return active;
  }

  void add_sed(const std::vector<ActiveCell>& pred, const std::vector<ActiveCell>& gt) {
    const auto o = block_activity(pred);
    const auto t = block_activity(gt);
    nsys_ += static_cast<double>(o.size());
    nref_ += static_cast<double>(t.size());
    // Walk both sorted (block, class) lists; per block FP = predicted-only, FN = reference-only.
    size_t i = 0, j = 0;
    while (i < o.size() || j < t.size()) {
      const int64_t block = std::min(i < o.size() ? o[i].first : std::numeric_limits<int64_t>::max(),
                                     j < t.size() ? t[j].first : std::numeric_limits<int64_t>::max());
      double fp = 0.0, fn = 0.0;
      while ((i < o.size() && o[i].first == block) || (j < t.size() && t[j].first == block)) {
        const bool has_o = i < o.size() && o[i].first == block;
        const bool has_t = j < t.size() && t[j].first == block;
        if (has_o && has_t && o[i].second == t[j].second) {
          tp_ += 1.0;
          ++i;
          ++j;
        } else if (has_o && (!has_t || o[i].second < t[j].second)) {
          fp += 1.0;
          ++i;
        } else {
          fn += 1.0;
          ++j;
        }
      }
      substitutions_ += std::min(fp, fn);
      deletions_ += std::max(0.0, fn - fp);
      insertions_ += std::max(0.0, fp - fn);
    }
  }

  void add_doa(const std::vector<ActiveCell>& pred, const std::vector<ActiveCell>& gt) {
    predicted_cells_ += static_cast<double>(pred.size());
    frame_count_ += static_cast<double>(frames_);
    int64_t frames_with_cells = 0;
    size_t i = 0, j = 0;
    while (i < pred.size() || j < gt.size()) {
      const int64_t frame = std::min(i < pred.size() ? pred[i].frame : std::numeric_limits<int64_t>::max(),
                                     j < gt.size() ? gt[j].frame : std::numeric_limits<int64_t>::max());
      const size_t i0 = i, j0 = j;
      while (i < pred.size() && pred[i].frame == frame) ++i;
      while (j < gt.size() && gt[j].frame == frame) ++j;
      ++frames_with_cells;
      const auto n_pred = static_cast<int64_t>(i - i0), n_gt = static_cast<int64_t>(j - j0);
      if (n_pred == n_gt) good_frames_ += 1.0;
      if (n_pred > 0 && n_gt > 0) {
        // Cells in (class, cell) order, class ignored for the matching.
        std::vector<double> cost(static_cast<size_t>(n_gt * n_pred));
        for (int64_t r = 0; r < n_gt; ++r) {
          double gt_az, gt_el;
          grid_.direction_of(gt[j0 + static_cast<size_t>(r)].cell, gt_az, gt_el);
          for (int64_t c = 0; c < n_pred; ++c) {
            double p_az, p_el;
            grid_.direction_of(pred[i0 + static_cast<size_t>(c)].cell, p_az, p_el);
            cost[static_cast<size_t>(r * n_pred + c)] = spherical_distance_deg(gt_az, gt_el, p_az, p_el);
          }
        }
        const Assignment pairs = linear_sum_assignment(cost, n_gt, n_pred);
        double frame_error = 0.0;
        for (size_t k = 0; k < pairs.rows.size(); ++k)
          frame_error += cost[static_cast<size_t>(pairs.rows[k] * n_pred + pairs.cols[k])];
        doa_error_sum_ += frame_error;
      }
    }
    good_frames_ += static_cast<double>(frames_ - frames_with_cells);  // empty on both sides
  }

  const Grid& grid_;
  int64_t block_, frames_;
  bool failed_ = false;
  double tp_ = 0.0, nref_ = 0.0, nsys_ = 0.0, substitutions_ = 0.0, deletions_ = 0.0, insertions_ = 0.0;
  double predicted_cells_ = 0.0, frame_count_ = 0.0, doa_error_sum_ = 0.0, good_frames_ = 0.0;
};

void check_old_seld_inputs(const SeldScoreInputs& inputs) {
  check_seld_inputs(inputs, "OldSELD");
  const auto& p = inputs.params;
  if (inputs.block_frames < 2)
    throw Error("OldSELD: block_frames must be at least 2 (got " + std::to_string(inputs.block_frames) +
                "): the kit leaves out the last frame of every block");
  if (inputs.max_frames < 1) throw Error("OldSELD: max_frames must be at least 1");
  if (p.doa_resolution <= 0)
    throw Error("OldSELD: scoring_params.doa_resolution must be positive (got " + std::to_string(p.doa_resolution) + ")");
  if (p.azimuth_limits[0] >= p.azimuth_limits[1])
    throw Error("OldSELD: scoring_params.azimuth_limits must be increasing");
  if (p.elevation_limits[0] >= p.elevation_limits[1])
    throw Error("OldSELD: scoring_params.elevation_limits must be increasing");
  if (p.elevation_limits[1] == 0)
    throw Error("OldSELD: the upper elevation limit must not be 0 (elevations are scaled by 180 / limit)");
  if (inputs.predicted.empty()) throw Error("OldSELD: there are no predicted files to score");
  const auto check_frames = [&](const auto& by_file, const std::string& side) {
    for (const auto& [file, doas] : by_file) {
      for (const auto& d : doas) {
        if (d.frame >= inputs.max_frames)
          throw Error("OldSELD: " + side + " file '" + file + "' has frame " + std::to_string(d.frame) +
                      ", beyond max_frames " + std::to_string(inputs.max_frames));
      }
    }
  };
  check_frames(inputs.predicted, "predicted");
  check_frames(inputs.reference, "reference");
}

SeldResult score_with_step(const SeldScoreInputs& inputs, int cell_step) {
  const auto& p = inputs.params;
  Grid grid;
  grid.azimuths = python_range(p.azimuth_limits[0], p.azimuth_limits[1], p.doa_resolution);
  grid.elevations = python_range(p.elevation_limits[0], p.elevation_limits[1], p.doa_resolution);
  grid.elevation_scaling = 180.0 / p.elevation_limits[1];
  grid.cell_step = cell_step;
  OldSeldAccumulator accumulator(grid, inputs.block_frames, inputs.max_frames);
  const std::vector<ReferenceDoa> silent;
  for (const auto& [file, predicted] : inputs.predicted) {
    const auto r = inputs.reference.find(file);
    accumulator.add_file(predicted, r == inputs.reference.end() ? silent : r->second);
    if (accumulator.failed()) break;
  }
  return accumulator.result();
}

}  // namespace

OldSeldVariants old_seld_metrics(const SeldScoreInputs& inputs) {
  check_old_seld_inputs(inputs);
  return {score_with_step(inputs, 10), score_with_step(inputs, inputs.params.doa_resolution)};
}

}  // namespace gramt::eval::scores

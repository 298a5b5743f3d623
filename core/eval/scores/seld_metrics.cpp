#include "core/eval/scores/seld_metrics.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/eval/scores/angles.h"
#include "core/eval/scores/linear_assignment.h"
#include "core/eval/scores/seld_input_checks.h"

namespace gramt::eval::scores {
namespace {

constexpr double kEps = DBL_EPSILON;  // numpy.finfo(float64).eps

struct PolarDoa {
  int64_t frame = 0;
  int64_t class_index = 0;
  double azimuth_deg = 0.0;
  double elevation_deg = 0.0;
};

// One file's DOAs ordered by (frame, class), keeping the given order within a frame and class
// (that order numbers the reference tracks).
using FileDoas = std::vector<PolarDoa>;

FileDoas polar_predictions(const std::vector<PredictedDoa>& doas) {
  FileDoas out;
  out.reserve(doas.size());
  for (const auto& d : doas) {
    const double azimuth = std::atan2(d.y, d.x) * 180.0 / kPi;
    const double elevation = std::atan2(d.z, std::sqrt(d.x * d.x + d.y * d.y)) * 180.0 / kPi;
    out.push_back({d.frame, d.class_index, azimuth, elevation});
  }
  return out;
}

FileDoas polar_references(const std::vector<ReferenceDoa>& doas) {
  FileDoas out;
  out.reserve(doas.size());
  for (const auto& d : doas) out.push_back({d.frame, d.class_index, d.azimuth_deg, d.elevation_deg});
  return out;
}

void order_by_frame_and_class(FileDoas& doas) {
  std::stable_sort(doas.begin(), doas.end(), [](const PolarDoa& a, const PolarDoa& b) {
    return a.frame != b.frame ? a.frame < b.frame : a.class_index < b.class_index;
  });
}

// The DOAs of one class in one frame of a block.
struct FrameDoas {
  int64_t frame = 0;
  std::vector<const PolarDoa*> doas;
};

// Frames [begin, end) of one file, grouped per class (frames ascending).
std::vector<std::vector<FrameDoas>> block_by_class(const FileDoas& doas, int64_t begin, int64_t end, int64_t classes) {
  std::vector<std::vector<FrameDoas>> by_class(static_cast<size_t>(classes));
  auto it = std::lower_bound(doas.begin(), doas.end(), begin,
                             [](const PolarDoa& d, int64_t frame) { return d.frame < frame; });
  for (; it != doas.end() && it->frame < end; ++it) {
    auto& frames = by_class[static_cast<size_t>(it->class_index)];
    if (frames.empty() || frames.back().frame != it->frame) frames.push_back({it->frame, {}});
    frames.back().doas.push_back(&*it);
  }
  return by_class;
}

size_t most_doas(const std::vector<FrameDoas>& frames) {
  size_t most = 0;
  for (const auto& f : frames) most = std::max(most, f.doas.size());
  return most;
}

double doa_distance_deg(const PolarDoa& reference, const PolarDoa& predicted) {
  // The kit converts to radians as `degrees * pi / 180`.
  return spherical_distance_deg(reference.azimuth_deg * kPi / 180.0, reference.elevation_deg * kPi / 180.0,
                                predicted.azimuth_deg * kPi / 180.0, predicted.elevation_deg * kPi / 180.0);
}

// The running counts of the DCASE SELD metrics.
class SeldAccumulator {
 public:
  SeldAccumulator(int64_t classes, double doa_threshold)
      : classes_(classes),
        threshold_(doa_threshold),
        tp_(static_cast<size_t>(classes)),
        fp_(static_cast<size_t>(classes)),
        fp_spatial_(static_cast<size_t>(classes)),
        fn_(static_cast<size_t>(classes)),
        nref_(static_cast<size_t>(classes)),
        total_de_(static_cast<size_t>(classes)),
        de_tp_(static_cast<size_t>(classes)),
        de_fn_(static_cast<size_t>(classes)) {}

  void add_file(const FileDoas& predicted, const FileDoas& reference, int64_t blocks, int64_t block_frames) {
    for (int64_t b = 0; b < blocks; ++b) {
      const int64_t begin = b * block_frames, end = begin + block_frames;
      add_block(block_by_class(predicted, begin, end, classes_), block_by_class(reference, begin, end, classes_));
    }
  }

  SeldResult result(const std::string& average) const {
    double nref_total = 0.0;
    for (double n : nref_) nref_total += n;
    SeldResult r;
    r.error_rate = (substitutions_ + deletions_ + insertions_) / (nref_total + kEps);
    if (average == "micro") {
      const double tp = sum(tp_), fp = sum(fp_), fps = sum(fp_spatial_), fn = sum(fn_);
      const double de_tp = sum(de_tp_), de_fn = sum(de_fn_), total_de = sum(total_de_);
      r.f_measure = tp / (kEps + tp + fps + 0.5 * (fp + fn));
      r.localization_error_deg = de_tp != 0.0 ? total_de / (de_tp + kEps) : 180.0;
      r.localization_recall = de_tp / (kEps + de_tp + de_fn);
      r.seld = seld_of(r.error_rate, r.f_measure, r.localization_error_deg, r.localization_recall);
      return r;
    }
    double f_sum = 0.0, le_sum = 0.0, lr_sum = 0.0, seld_sum = 0.0;
    for (size_t c = 0; c < static_cast<size_t>(classes_); ++c) {
      const double f = tp_[c] / (kEps + tp_[c] + fp_spatial_[c] + 0.5 * (fp_[c] + fn_[c]));
      const double le = de_tp_[c] == 0.0 ? 180.0 : total_de_[c] / (de_tp_[c] + kEps);
      const double lr = de_tp_[c] / (kEps + de_tp_[c] + de_fn_[c]);
      f_sum += f;
      le_sum += le;
      lr_sum += lr;
      seld_sum += seld_of(r.error_rate, f, le, lr);
    }
    const auto n = static_cast<double>(classes_);
    r.f_measure = f_sum / n;
    r.localization_error_deg = le_sum / n;
    r.localization_recall = lr_sum / n;
    r.seld = seld_sum / n;
    return r;
  }

 private:
  static double sum(const std::vector<double>& v) {
    double s = 0.0;
    for (double x : v) s += x;
    return s;
  }
  static double seld_of(double er, double f, double le, double lr) {
    return (er + (1.0 - f) + le / 180.0 + (1.0 - lr)) / 4.0;
  }

  void add_block(const std::vector<std::vector<FrameDoas>>& predicted,
                 const std::vector<std::vector<FrameDoas>>& reference) {
    double loc_fp = 0.0, loc_fn = 0.0;
    for (size_t c = 0; c < static_cast<size_t>(classes_); ++c) {
      const auto& gt = reference[c];
      const auto& pred = predicted[c];
      const auto nb_gt = static_cast<double>(most_doas(gt));
      const auto nb_pred = static_cast<double>(most_doas(pred));
      if (!gt.empty()) nref_[c] += nb_gt;
      if (!gt.empty() && !pred.empty()) {
        // Per reference track (its row within the frame): sum and count of matched distances,
        // in order of first appearance.
        struct Track {
          size_t row;
          double distance_sum;
          double frames;
        };
        std::vector<Track> tracks;
        for (const auto& gt_frame : gt) {
          const auto p = std::find_if(pred.begin(), pred.end(), [&](const FrameDoas& f) { return f.frame == gt_frame.frame; });
          if (p == pred.end()) continue;
          const auto rows = static_cast<int64_t>(gt_frame.doas.size()), cols = static_cast<int64_t>(p->doas.size());
          std::vector<double> cost(static_cast<size_t>(rows * cols));
          for (int64_t i = 0; i < rows; ++i)
            for (int64_t j = 0; j < cols; ++j)
              cost[static_cast<size_t>(i * cols + j)] = doa_distance_deg(*gt_frame.doas[static_cast<size_t>(i)],
                                                                         *p->doas[static_cast<size_t>(j)]);
          const Assignment pairs = linear_sum_assignment(cost, rows, cols);
          for (size_t k = 0; k < pairs.rows.size(); ++k) {
            const auto row = static_cast<size_t>(pairs.rows[k]);
            const double d = cost[static_cast<size_t>(pairs.rows[k] * cols + pairs.cols[k])];
            auto t = std::find_if(tracks.begin(), tracks.end(), [&](const Track& x) { return x.row == row; });
            if (t == tracks.end()) {
              tracks.push_back({row, d, 1.0});
            } else {
              t->distance_sum += d;
              t->frames += 1.0;
            }
          }
        }
        if (tracks.empty()) {
          // No frame in common: the kit books the predicted count as misses.
          loc_fn += nb_pred;
          fn_[c] += nb_pred;
          de_fn_[c] += nb_pred;
        } else {
          for (const auto& t : tracks) {
            const double average = t.distance_sum / t.frames;
            total_de_[c] += average;
            de_tp_[c] += 1.0;
            if (average <= threshold_) {
              tp_[c] += 1.0;
            } else {
              loc_fp += 1.0;
              fp_spatial_[c] += 1.0;
            }
          }
          if (nb_pred > nb_gt) {
            loc_fp += nb_pred - nb_gt;
            fp_[c] += nb_pred - nb_gt;
          } else if (nb_pred < nb_gt) {
            loc_fn += nb_gt - nb_pred;
            fn_[c] += nb_gt - nb_pred;
            de_fn_[c] += nb_gt - nb_pred;
          }
        }
      } else if (!gt.empty()) {
        loc_fn += nb_gt;
        fn_[c] += nb_gt;
        de_fn_[c] += nb_gt;
      } else if (!pred.empty()) {
        loc_fp += nb_pred;
        fp_[c] += nb_pred;
      }
    }
    substitutions_ += std::min(loc_fp, loc_fn);
    deletions_ += std::max(0.0, loc_fn - loc_fp);
    insertions_ += std::max(0.0, loc_fp - loc_fn);
  }

  int64_t classes_;
  double threshold_;
  std::vector<double> tp_, fp_, fp_spatial_, fn_, nref_, total_de_, de_tp_, de_fn_;
  double substitutions_ = 0.0, deletions_ = 0.0, insertions_ = 0.0;
};

int64_t last_frame(const FileDoas& doas) { return doas.empty() ? -1 : doas.back().frame; }

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

}  // namespace

SeldVariants seld_metrics(const SeldScoreInputs& inputs) {
  check_seld_inputs(inputs, "SELD");
  if (inputs.block_frames < 1)
    throw Error("SELD: block_frames must be at least 1 (got " + std::to_string(inputs.block_frames) + ")");
  const std::string& average = inputs.params.average;
  if (average != "macro" && average != "micro")
    throw Error("SELD: scoring_params.average must be \"macro\" or \"micro\", not \"" + average + "\"");
  if (!std::isfinite(inputs.params.doa_threshold_deg))
    throw Error("SELD: scoring_params.doa_threshold must be a finite number of degrees");

  const int64_t classes = inputs.classes, block = inputs.block_frames;
  SeldAccumulator published(classes, inputs.params.doa_threshold_deg);
  SeldAccumulator corrected(classes, inputs.params.doa_threshold_deg);
  std::set<std::string> files;
  for (const auto& entry : inputs.predicted) files.insert(entry.first);
  for (const auto& entry : inputs.reference) files.insert(entry.first);
  for (const auto& file : files) {
    const auto p = inputs.predicted.find(file);
    const auto r = inputs.reference.find(file);
    FileDoas predicted = p == inputs.predicted.end() ? FileDoas{} : polar_predictions(p->second);
    FileDoas reference = r == inputs.reference.end() ? FileDoas{} : polar_references(r->second);
    order_by_frame_and_class(predicted);
    order_by_frame_and_class(reference);

    // As published: only predicted files, cut after ceil(n / B) blocks, n = last reference frame.
    if (p != inputs.predicted.end() && !reference.empty())
      published.add_file(predicted, reference, ceil_div(last_frame(reference), block), block);
    // Corrected: every frame up to the last active one on either side.
    const int64_t last = std::max(last_frame(predicted), last_frame(reference));
    if (last >= 0) corrected.add_file(predicted, reference, ceil_div(last + 1, block), block);
  }
  return {published.result(average), corrected.result(average)};
}

}  // namespace gramt::eval::scores

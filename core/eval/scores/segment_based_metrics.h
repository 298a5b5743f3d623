#pragma once
// Segment-based error rate with sed_eval's semantics (spec/eval.md §4.3), the kits' segment_1s_er:
// per file, each class is active in the segments floor(onset / res) .. ceil(offset / res) - 1; the
// file spans ceil(max(last reference offset, last estimated offset) / res) segments. Per segment,
// with Nref / Nsys active classes and Ntp active in both: S += min(Nref, Nsys) - Ntp,
// D += max(0, Nref - Nsys), I += max(0, Nsys - Nref). ER = S/(N+eps) + D/(N+eps) + I/(N+eps),
// N = total active reference class-segments, eps = DBL_EPSILON (so no reference gives a huge ER,
// not NaN). Only the files of `predicted` are scored.
//
// Activity is counted with a sweep over interval boundaries, so cost follows the number of events,
// not the length of the files.
#include <string>
#include <vector>

#include "core/eval/scores/score_inputs.h"

namespace gramt::eval::scores {

struct SegmentBasedResult {
  double reference = 0.0;  // active reference class-segments
  double substitutions = 0.0;
  double deletions = 0.0;
  double insertions = 0.0;
  double error_rate = 0.0;
  double substitution_rate = 0.0;
  double deletion_rate = 0.0;
  double insertion_rate = 0.0;
};

// Every event label (as sed_eval strips it) must be one of `labels` — sed_eval fails otherwise,
// and so do we, with a gramt::Error naming the file and label.
SegmentBasedResult segment_based_metrics(const EventsByFile& predicted, const EventsByFile& reference,
                                         const std::vector<std::string>& labels, double time_resolution_s = 1.0);

}  // namespace gramt::eval::scores

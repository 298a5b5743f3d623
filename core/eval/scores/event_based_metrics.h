#pragma once
// Event-based precision / recall / F-measure with sed_eval's semantics (spec/eval.md §4.3):
// per file, an estimated event hits a reference event when the labels are equal and
// |onset_ref - onset_est| <= collar (and, when offsets are evaluated,
// |offset_ref - offset_est| <= max(collar, percentage_of_length * reference length)); true
// positives are a maximum one-to-one matching of hits. Times are compared in seconds (ms / 1000),
// exactly as the kits convert them, so hits at the collar boundary agree.
//
// Counts add up over the files of `predicted`; reference files without predictions are ignored
// (hear-eval-kit scores the files it embedded). Overall precision = Ntp / Nsys (NaN when nothing was
// predicted), recall = Ntp / Nref (NaN without reference events), F = 2PR / (P + R), 0 when
// P = R = 0, NaN when either is NaN.
#include <map>
#include <string>

#include "core/eval/scores/score_inputs.h"

namespace gramt::eval::scores {

struct EventMatchingRule {
  double collar_s = 0.2;
  bool evaluate_offset = false;
  double percentage_of_length = 0.5;  // used with evaluate_offset
};

struct EventCounts {
  double reference = 0.0;
  double system = 0.0;
  double true_positives = 0.0;
};

struct FMeasure {
  double f_measure = 0.0;
  double precision = 0.0;
  double recall = 0.0;
};

struct EventBasedResult {
  EventCounts overall;
  // Per label as sed_eval compares them (stripped; "" for labels it treats as no label).
  std::map<std::string, EventCounts> per_label;
  FMeasure overall_f;
};

FMeasure f_measure_from_counts(const EventCounts& counts);

// Events must have finite times with 0 <= onset <= offset; otherwise a gramt::Error names the
// file and event.
EventBasedResult event_based_metrics(const EventsByFile& predicted, const EventsByFile& reference,
                                     const EventMatchingRule& rule);

// Throws gramt::Error for a bad event time; `side` is "predicted" or "reference".
void check_event_times(const EventsByFile& events, const std::string& side, const std::string& score);

}  // namespace gramt::eval::scores

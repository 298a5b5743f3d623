// Hand-computed event scores: onset matching at the collar boundary, maximum matching, the offset
// rule, sed_eval's NaN rules, and the segment-based error rate.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <random>

#include "core/common/error.h"
#include "core/eval/scores/bipartite_matching.h"
#include "core/eval/scores/event_based_metrics.h"
#include "core/eval/scores/event_scoring_bench.h"
#include "core/eval/scores/score_registry.h"
#include "core/eval/scores/segment_based_metrics.h"

using namespace gramt::eval::scores;

namespace {

EventMatchingRule onset_rule(double collar_s) {
  EventMatchingRule rule;
  rule.collar_s = collar_s;
  return rule;
}

double true_positives(const EventsByFile& predicted, const EventsByFile& reference, double collar_s) {
  return event_based_metrics(predicted, reference, onset_rule(collar_s)).overall.true_positives;
}

}  // namespace

TEST(EventBased, CollarBoundaryFollowsTheSecondsArithmetic) {
  // The kits compare onsets in seconds (ms / 1000): 1.2 - 1.0 = 0.19999999999999996 is a hit,
  // 0.2 - 0.0 = 0.2 is a hit, but 0.9 - 0.7 = 0.20000000000000007 is not, although all three
  // differ by exactly 200 ms.
  EXPECT_EQ(true_positives({{"f", {{"a", 1200, 1300}}}}, {{"f", {{"a", 1000, 1100}}}}, 0.2), 1.0);
  EXPECT_EQ(true_positives({{"f", {{"a", 200, 300}}}}, {{"f", {{"a", 0, 100}}}}, 0.2), 1.0);
  EXPECT_EQ(true_positives({{"f", {{"a", 900, 1000}}}}, {{"f", {{"a", 700, 800}}}}, 0.2), 0.0);
  EXPECT_EQ(true_positives({{"f", {{"a", 1201, 1300}}}}, {{"f", {{"a", 1000, 1100}}}}, 0.2), 0.0);
  // Estimates before the reference count the same way.
  EXPECT_EQ(true_positives({{"f", {{"a", 1000, 1100}}}}, {{"f", {{"a", 1200, 1300}}}}, 0.2), 1.0);
  EXPECT_EQ(true_positives({{"f", {{"a", 1000, 1100}}}}, {{"f", {{"a", 1040, 1300}}}}, 0.05), 1.0);
  EXPECT_EQ(true_positives({{"f", {{"a", 1000, 1100}}}}, {{"f", {{"a", 1060, 1300}}}}, 0.05), 0.0);
}

TEST(EventBased, CountsHitsMissesAndFalseAlarmsOverFiles) {
  const EventsByFile reference{{"a.wav", {{"dog", 1000, 2000}, {"dog", 3000, 3500}, {"cat", 5000, 6000}}},
                               {"b.wav", {{"cat", 0, 500}}},
                               {"not_predicted.wav", {{"dog", 0, 100}}}};  // ignored: not in the predictions
  const EventsByFile predicted{{"a.wav", {{"dog", 1150, 1900}, {"dog", 3300, 3400}, {"cat", 5000, 5100}, {"bird", 7000, 7100}}},
                               {"b.wav", {}}};
  const auto result = event_based_metrics(predicted, reference, onset_rule(0.2));
  EXPECT_EQ(result.overall.true_positives, 2.0);
  EXPECT_EQ(result.overall.system, 4.0);
  EXPECT_EQ(result.overall.reference, 4.0);
  EXPECT_DOUBLE_EQ(result.overall_f.precision, 0.5);
  EXPECT_DOUBLE_EQ(result.overall_f.recall, 0.5);
  EXPECT_DOUBLE_EQ(result.overall_f.f_measure, 0.5);
  EXPECT_EQ(result.per_label.at("dog").true_positives, 1.0);
  EXPECT_EQ(result.per_label.at("cat").reference, 2.0);
  EXPECT_EQ(result.per_label.at("bird").system, 1.0);

  EventScoreInputs in{predicted, reference, {"bird", "cat", "dog"}};
  const auto values = compute_score("event_onset_200ms_fms", in);
  EXPECT_DOUBLE_EQ(values.at("event_onset_200ms_fms"), 0.5);
  EXPECT_DOUBLE_EQ(values.at("event_onset_200ms_fms_f_measure"), 0.5);
  EXPECT_DOUBLE_EQ(values.at("event_onset_200ms_fms_precision"), 0.5);
  EXPECT_DOUBLE_EQ(values.at("event_onset_200ms_fms_recall"), 0.5);
  // With a 50 ms collar only the cat at 5000 ms is still a hit.
  EXPECT_DOUBLE_EQ(compute_score("event_onset_50ms_fms", in).at("event_onset_50ms_fms_precision"), 0.25);
}

TEST(EventBased, MatchingIsMaximumNotFirstComeFirstServed) {
  // The estimate at 1200 ms hits both references; the one at 1100 ms only the first. Giving 1200 to
  // the first reference would leave one pair; the maximum matching has two.
  const EventsByFile reference{{"f", {{"a", 1000, 1100}, {"a", 1400, 1500}}}};
  const EventsByFile predicted{{"f", {{"a", 1200, 1300}, {"a", 1100, 1200}}}};
  EXPECT_EQ(true_positives(predicted, reference, 0.2), 2.0);
  // Two estimates for one reference: one hit, one false alarm.
  EXPECT_EQ(true_positives({{"f", {{"a", 1000, 1100}, {"a", 1010, 1100}}}}, {{"f", {{"a", 1000, 1100}}}}, 0.2), 1.0);
}

TEST(EventBased, OffsetRuleUsesTheLargerOfCollarAndLengthShare) {
  EventMatchingRule rule;
  rule.collar_s = 0.05;
  rule.evaluate_offset = true;
  rule.percentage_of_length = 0.2;
  // A 2-s reference tolerates 0.4 s at the offset; a 0.1-s reference only the 50 ms collar.
  const EventsByFile reference{{"f", {{"a", 1000, 3000}, {"b", 1000, 1100}}}};
  EXPECT_EQ(event_based_metrics({{"f", {{"a", 1040, 3350}}}}, reference, rule).overall.true_positives, 1.0);
  EXPECT_EQ(event_based_metrics({{"f", {{"a", 1040, 3450}}}}, reference, rule).overall.true_positives, 0.0);
  EXPECT_EQ(event_based_metrics({{"f", {{"b", 1000, 1140}}}}, reference, rule).overall.true_positives, 1.0);
  EXPECT_EQ(event_based_metrics({{"f", {{"b", 1000, 1160}}}}, reference, rule).overall.true_positives, 0.0);
  EventScoreInputs in{{{"f", {{"a", 1040, 3350}, {"b", 1000, 1160}}}}, reference, {"a", "b"}};
  EXPECT_DOUBLE_EQ(compute_score("event_onset_offset_50ms_20perc_fms", in).at("event_onset_offset_50ms_20perc_fms"), 0.5);
}

TEST(EventBased, LabelsAreComparedAsSedEvalStripsThem) {
  EXPECT_EQ(true_positives({{"f", {{" dog ", 0, 100}}}}, {{"f", {{"dog", 0, 100}}}}, 0.2), 1.0);
  // "" and "none" both become "no label", which equals itself.
  EXPECT_EQ(true_positives({{"f", {{"None", 0, 100}}}}, {{"f", {{"", 0, 100}}}}, 0.2), 1.0);
  EXPECT_EQ(true_positives({{"f", {{"Dog", 0, 100}}}}, {{"f", {{"dog", 0, 100}}}}, 0.2), 0.0);
}

TEST(EventBased, NanWhenNothingIsPredictedOrNothingIsReferenced) {
  const EventsByFile reference{{"f", {{"a", 0, 100}}}};
  const auto silent = event_based_metrics({{"f", {}}}, reference, onset_rule(0.2)).overall_f;
  EXPECT_TRUE(std::isnan(silent.precision));
  EXPECT_DOUBLE_EQ(silent.recall, 0.0);
  EXPECT_TRUE(std::isnan(silent.f_measure));
  const auto unreferenced = event_based_metrics({{"g", {{"a", 0, 100}}}}, reference, onset_rule(0.2)).overall_f;
  EXPECT_DOUBLE_EQ(unreferenced.precision, 0.0);
  EXPECT_TRUE(std::isnan(unreferenced.recall));
  EXPECT_TRUE(std::isnan(unreferenced.f_measure));
  // Everything wrong but defined: P = R = 0 gives F = 0, not NaN.
  const auto wrong = event_based_metrics({{"f", {{"b", 0, 100}}}}, reference, onset_rule(0.2)).overall_f;
  EXPECT_EQ(wrong.f_measure, 0.0);
  EXPECT_TRUE(std::isnan(event_based_metrics({}, {}, onset_rule(0.2)).overall_f.f_measure));
}

TEST(EventBased, GreedyOnsetMatchingEqualsHopcroftKarp) {
  // With all offsets equal the offset check always passes, so the general matching (Hopcroft-Karp
  // on explicit edges) must find as many pairs as the onset-only window matching.
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> onset(0, 60), label(0, 2), count(0, 25);
  EventMatchingRule with_offsets;
  with_offsets.collar_s = 0.2;
  with_offsets.evaluate_offset = true;
  for (int trial = 0; trial < 200; ++trial) {
    EventsByFile predicted, reference;
    for (int f = 0; f < 3; ++f) {
      const std::string file = "f" + std::to_string(f);
      auto& p = predicted[file];
      auto& r = reference[file];
      for (int k = count(rng); k > 0; --k) p.push_back({std::string(1, char('a' + label(rng))), onset(rng) * 50.0, 10000});
      for (int k = count(rng); k > 0; --k) r.push_back({std::string(1, char('a' + label(rng))), onset(rng) * 50.0, 10000});
    }
    ASSERT_EQ(event_based_metrics(predicted, reference, onset_rule(0.2)).overall.true_positives,
              event_based_metrics(predicted, reference, with_offsets).overall.true_positives)
        << "trial " << trial;
  }
}

TEST(BipartiteMatching, AugmentsPastTheGreedyStart) {
  // Greedy pairs left 0 with right 0 and strands left 1; one augmenting path fixes it.
  BipartiteGraph g;
  g.left_count = 2;
  g.right_count = 2;
  g.offsets = {0, 2, 3};
  g.targets = {0, 1, 0};
  EXPECT_EQ(maximum_matching_size(g), 2);
  // A chain needing a long augmenting path: left i -> {i, i+1}, last left only -> {0}.
  BipartiteGraph chain;
  chain.left_count = chain.right_count = 50;
  for (int i = 0; i < 50; ++i) {
    if (i < 49) {
      chain.targets.push_back(i);
      chain.targets.push_back(i + 1);
    } else {
      chain.targets.push_back(0);
    }
    chain.offsets.push_back(static_cast<int32_t>(chain.targets.size()));
  }
  EXPECT_EQ(maximum_matching_size(chain), 50);
}

TEST(EventBased, BadTimesAreErrors) {
  const EventsByFile reference{{"f", {{"a", 0, 100}}}};
  EXPECT_THROW(event_based_metrics({{"f", {{"a", 200, 100}}}}, reference, onset_rule(0.2)), gramt::Error);
  EXPECT_THROW(event_based_metrics({{"f", {{"a", -5, 100}}}}, reference, onset_rule(0.2)), gramt::Error);
  EXPECT_THROW(event_based_metrics({{"f", {{"a", NAN, 100}}}}, reference, onset_rule(0.2)), gramt::Error);
  EXPECT_THROW(event_based_metrics({{"f", {}}}, reference, onset_rule(0.0)), gramt::Error);
}

TEST(SegmentBased, CountsSubstitutionsDeletionsAndInsertionsPerSegment) {
  // Segments of 1 s over 4 s (the last estimate ends at 3.5 s):
  //   0: ref {dog}      est {dog}        -> correct
  //   1: ref {dog, cat} est {dog, bird}  -> 1 substitution
  //   2: ref {dog}      est {}           -> 1 deletion
  //   3: ref {}         est {cat}        -> 1 insertion
  // Nref = 4, so ER = 3 / 4.
  const EventsByFile reference{{"f", {{"dog", 0, 2500}, {"cat", 1200, 1800}}}};
  const EventsByFile predicted{{"f", {{"dog", 500, 1500}, {"bird", 1000, 2000}, {"cat", 3000, 3500}}}};
  const auto r = segment_based_metrics(predicted, reference, {"bird", "cat", "dog"});
  EXPECT_EQ(r.reference, 4.0);
  EXPECT_EQ(r.substitutions, 1.0);
  EXPECT_EQ(r.deletions, 1.0);
  EXPECT_EQ(r.insertions, 1.0);
  EXPECT_NEAR(r.error_rate, 0.75, 1e-15);
  EventScoreInputs in{predicted, reference, {"bird", "cat", "dog"}};
  const auto values = compute_score("segment_1s_er", in);
  EXPECT_NEAR(values.at("segment_1s_er"), 0.75, 1e-15);
  EXPECT_NEAR(values.at("segment_1s_er_error_rate"), 0.75, 1e-15);
}

TEST(SegmentBased, OverlapsCountOnceAndZeroLengthOnIntegerSecondsCountsNothing) {
  const EventsByFile reference{{"f", {{"dog", 0, 1000}, {"dog", 500, 1900}}}};  // segments 0, 1 once each
  const EventsByFile predicted{{"f", {{"dog", 2000, 2000}, {"dog", 0, 1000}}}};  // 2.0-2.0 is empty
  const auto r = segment_based_metrics(predicted, reference, {"dog"});
  EXPECT_EQ(r.reference, 2.0);
  EXPECT_EQ(r.deletions, 1.0);
  EXPECT_EQ(r.insertions, 0.0);
  EXPECT_NEAR(r.error_rate, 0.5, 1e-15);
}

TEST(SegmentBased, NoReferenceGivesAHugeErrorRateNotNan) {
  const auto r = segment_based_metrics({{"f", {{"dog", 0, 2000}}}}, {}, {"dog"});
  EXPECT_EQ(r.insertions, 2.0);
  EXPECT_EQ(r.error_rate, 2.0 / DBL_EPSILON);
}

TEST(SegmentBased, MatchesADenseRollOnRandomEvents) {
  std::mt19937 rng(9);
  std::uniform_real_distribution<double> start(0.0, 20000.0), length(0.0, 4000.0);
  std::uniform_int_distribution<int> label(0, 3), count(0, 12);
  const std::vector<std::string> labels{"a", "b", "c", "d"};
  for (int trial = 0; trial < 100; ++trial) {
    EventsByFile predicted, reference;
    for (auto* side : {&predicted, &reference}) {
      auto& events = (*side)["f"];
      for (int k = count(rng); k > 0; --k) {
        const double on = start(rng);
        events.push_back({labels[static_cast<size_t>(label(rng))], on, on + length(rng)});
      }
    }
    // Dense reference computation: a segments x labels roll per side.
    const int segments = 25;
    std::vector<std::vector<int>> roll_ref(segments, std::vector<int>(4)), roll_sys = roll_ref;
    for (auto [side, roll] : {std::pair{&reference, &roll_ref}, std::pair{&predicted, &roll_sys}}) {
      for (const auto& e : (*side)["f"]) {
        const int c = e.label[0] - 'a';
        for (int s = static_cast<int>(std::floor(e.onset_ms / 1000.0)); s < static_cast<int>(std::ceil(e.offset_ms / 1000.0)); ++s)
          (*roll)[static_cast<size_t>(s)][static_cast<size_t>(c)] = 1;
      }
    }
    double n = 0, s_ = 0, d_ = 0, i_ = 0;
    for (int s = 0; s < segments; ++s) {
      int nref = 0, nsys = 0, ntp = 0;
      for (int c = 0; c < 4; ++c) {
        nref += roll_ref[static_cast<size_t>(s)][static_cast<size_t>(c)];
        nsys += roll_sys[static_cast<size_t>(s)][static_cast<size_t>(c)];
        ntp += roll_ref[static_cast<size_t>(s)][static_cast<size_t>(c)] & roll_sys[static_cast<size_t>(s)][static_cast<size_t>(c)];
      }
      n += nref;
      s_ += std::min(nref, nsys) - ntp;
      d_ += std::max(0, nref - nsys);
      i_ += std::max(0, nsys - nref);
    }
    const auto r = segment_based_metrics(predicted, reference, labels);
    ASSERT_EQ(r.reference, n) << trial;
    ASSERT_EQ(r.substitutions, s_) << trial;
    ASSERT_EQ(r.deletions, d_) << trial;
    ASSERT_EQ(r.insertions, i_) << trial;
  }
}

TEST(SegmentBased, LabelOutsideTheVocabularyIsAnError) {
  try {
    segment_based_metrics({{"f.wav", {{"owl", 0, 100}}}}, {}, {"dog"});
    FAIL() << "expected an error";
  } catch (const gramt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("owl"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("f.wav"), std::string::npos);
  }
}

TEST(EventScoringBench, BuildsTheRequestedWorkloadAndScoresIt) {
  const auto bench = run_event_scoring_bench(20, 50, 3);
  EXPECT_EQ(bench.files, 20);
  EXPECT_EQ(bench.reference_events, 1000);
  EXPECT_GT(bench.predicted_events, 700);
  EXPECT_GT(bench.onset_f_measure, 0.3);
  EXPECT_LT(bench.onset_f_measure, 0.9);
  EXPECT_GT(bench.segment_error_rate, 0.0);
  EXPECT_GE(bench.total_seconds(), 0.0);
}

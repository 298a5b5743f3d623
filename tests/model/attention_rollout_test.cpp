// Attention rollout and head summaries on small hand-made maps whose answers are worked out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/common/error.h"
#include "core/model/attention_maps.h"
#include "core/model/attention_rollout.h"

using namespace gramt::model;

namespace {

// Maps with CLS + a rows × cols grid, `layers` × `heads` of the given row-major tokens² matrices.
AttentionMaps maps_of(int64_t rows, int64_t cols, const std::vector<std::vector<std::vector<float>>>& layer_heads) {
  AttentionMaps m;
  m.layers = static_cast<int64_t>(layer_heads.size());
  m.heads = static_cast<int64_t>(layer_heads[0].size());
  m.grid_rows = rows;
  m.grid_cols = cols;
  m.tokens = rows * cols + 1;
  m.patch_seconds = 0.08;
  m.patch_mel_bands = 16;
  for (const auto& heads : layer_heads)
    for (const auto& w : heads) m.weights.insert(m.weights.end(), w.begin(), w.end());
  return m;
}

void expect_matrix_near(const std::vector<float>& got, const std::vector<double>& want, double tol = 1e-6) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "entry " << i;
}

}  // namespace

TEST(AttentionRollout, TwoLayersMeanFusionMatchesTheHandComputedProduct) {
  // A1 = ½W1 + ½I = [[1,0,0],[.25,.75,0],[.1,.15,.75]], A2 = ½W2 + ½I = [[.5,.5,0],[0,.5,.5],[.5,0,.5]]
  // (rows already sum to 1); R = A2·A1 worked out row by row.
  const AttentionMaps m = maps_of(1, 2, {{{1, 0, 0, 0.5f, 0.5f, 0, 0.2f, 0.3f, 0.5f}},
                                         {{0, 1, 0, 0, 0, 1, 1, 0, 0}}});
  const std::vector<float> r = attention_rollout(m, HeadFusion::mean, 0.0);
  expect_matrix_near(r, {0.625, 0.375, 0, 0.175, 0.45, 0.375, 0.55, 0.075, 0.375});
  expect_matrix_near(rollout_map(r, 3, true), {0.375, 0.0});
  expect_matrix_near(rollout_map(r, 3, false), {(0.45 + 0.075) / 2, (0.375 + 0.375) / 2});
}

TEST(AttentionRollout, MaxAndMinFusionRenormaliseEachRow) {
  const std::vector<float> h0{0.5f, 0.5f, 0, 1, 0, 0, 0, 0, 1}, h1{0, 0, 1, 0, 1, 0, 0, 0, 1};
  const AttentionMaps m = maps_of(1, 2, {{h0, h1}});
  // max: W = [[.5,.5,1],[1,1,0],[0,0,1]] → ½W+½I = [[.75,.25,.5],[.5,1,0],[0,0,1]] → rows / (1.5, 1.5, 1).
  expect_matrix_near(attention_rollout(m, HeadFusion::max, 0.0),
                     {0.5, 1.0 / 6, 1.0 / 3, 1.0 / 3, 2.0 / 3, 0, 0, 0, 1});
  // min: W = [[0,0,0],[0,0,0],[0,0,1]] → ½W+½I renormalised is the identity.
  expect_matrix_near(attention_rollout(m, HeadFusion::min, 0.0), {1, 0, 0, 0, 1, 0, 0, 0, 1});
  // mean of the two heads has rows summing to 1, so no renormalisation is needed: ½·mean + ½I.
  expect_matrix_near(attention_rollout(m, HeadFusion::mean, 0.0),
                     {0.5 + 0.125, 0.125, 0.25, 0.25, 0.75, 0, 0, 0, 1});
}

TEST(AttentionRollout, DiscardZeroesTheLowestShareButKeepsClsToCls) {
  // 9 entries, ratio 0.34 → 3 dropped among the 8 that are not CLS→CLS: 0.05, 0.15 and the first 0.2.
  // CLS→CLS (0.1) is smaller than two of them and must survive.
  const AttentionMaps m = maps_of(1, 2, {{{0.1f, 0.6f, 0.3f, 0.2f, 0.2f, 0.6f, 0.05f, 0.15f, 0.8f}}});
  expect_matrix_near(attention_rollout(m, HeadFusion::mean, 0.34),
                     {0.55, 0.3, 0.15, 0, 2.0 / 3, 1.0 / 3, 0, 0, 1});
  EXPECT_THROW(attention_rollout(m, HeadFusion::mean, 1.0), gramt::Error);
  EXPECT_THROW(attention_rollout(m, HeadFusion::mean, -0.1), gramt::Error);
}

TEST(AttentionRollout, EveryRowSumsToOneForAnyFusionAndDiscard) {
  std::mt19937 rng(4);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  const int64_t tokens = 5;
  std::vector<std::vector<std::vector<float>>> layers(3, std::vector<std::vector<float>>(2));
  for (auto& heads : layers)
    for (auto& w : heads) {
      w.resize(tokens * tokens);
      for (int64_t q = 0; q < tokens; ++q) {
        float sum = 0;
        for (int64_t k = 0; k < tokens; ++k) sum += (w[q * tokens + k] = u(rng));
        for (int64_t k = 0; k < tokens; ++k) w[q * tokens + k] /= sum;
      }
    }
  const AttentionMaps m = maps_of(2, 2, layers);
  for (HeadFusion f : {HeadFusion::mean, HeadFusion::max, HeadFusion::min})
    for (double discard : {0.0, 0.5, 0.9}) {
      const std::vector<float> r = attention_rollout(m, f, discard);
      for (int64_t q = 0; q < tokens; ++q) {
        double sum = 0;
        for (int64_t k = 0; k < tokens; ++k) sum += r[q * tokens + k];
        EXPECT_NEAR(sum, 1.0, 1e-5) << "fusion " << static_cast<int>(f) << " discard " << discard << " row " << q;
      }
    }
}

TEST(AttentionRollout, InconsistentMapsAreRejected) {
  AttentionMaps m = maps_of(1, 2, {{{1, 0, 0, 0, 1, 0, 0, 0, 1}}});
  m.weights.pop_back();
  EXPECT_THROW(attention_rollout(m, HeadFusion::mean, 0.0), gramt::Error);
  EXPECT_THROW(rollout_map(std::vector<float>(8), 3, true), gramt::Error);
}

TEST(HeadSummaries, SelfAttendingAndUniformHeads) {
  // Grid 2 frequency rows × 3 time columns + CLS = 7 tokens. Head 0 looks only at itself; head 1 is uniform.
  const int64_t n = 7;
  std::vector<float> self(n * n, 0.0f), uniform(n * n, 1.0f / n);
  for (int64_t i = 0; i < n; ++i) self[i * n + i] = 1.0f;
  const auto summaries = summarise_heads(maps_of(2, 3, {{self, uniform}}));
  ASSERT_EQ(summaries.size(), 2u);
  EXPECT_NEAR(summaries[0].entropy, 0.0, 1e-9);
  EXPECT_NEAR(summaries[0].distance_time_s, 0.0, 1e-9);
  EXPECT_NEAR(summaries[0].distance_freq_patches, 0.0, 1e-9);
  EXPECT_NEAR(summaries[0].attention_to_cls, 0.0, 1e-9);
  EXPECT_EQ(summaries[1].head, 1);
  EXPECT_NEAR(summaries[1].entropy, std::log(7.0), 1e-6);
  // Mean |Δcolumn| over 3 columns: (1 + 2/3 + 1) / 3 = 8/9 patches of 80 ms; |Δrow| over 2 rows: 1/2.
  EXPECT_NEAR(summaries[1].distance_time_s, 8.0 / 9.0 * 0.08, 1e-6);
  EXPECT_NEAR(summaries[1].distance_freq_patches, 0.5, 1e-6);
  EXPECT_NEAR(summaries[1].attention_to_cls, 1.0 / 7, 1e-6);
}

TEST(HeadSummaries, TimeAndFrequencyDistancesAreSeparate) {
  // Every patch attends to the patch one column to its right (wrapping to column 0): time distance
  // is 1 column except for the last column (2 back); frequency distance is 0.
  const int64_t rows = 2, cols = 3, n = rows * cols + 1;
  std::vector<float> w(n * n, 0.0f);
  w[0] = 1.0f;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) w[(1 + r * cols + c) * n + 1 + r * cols + (c + 1) % cols] = 1.0f;
  const auto s = summarise_heads(maps_of(rows, cols, {{w}}))[0];
  EXPECT_NEAR(s.distance_time_s, (1.0 + 1.0 + 2.0) / 3.0 * 0.08, 1e-6);
  EXPECT_NEAR(s.distance_freq_patches, 0.0, 1e-9);
}

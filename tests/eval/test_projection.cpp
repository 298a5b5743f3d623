// The Embeddings panel's core: exact PCA, t-SNE (affinities, Barnes-Hut gradient against the exact
// one, clusters kept apart), clips read from an embeddings folder, nearest clips.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <limits>
#include <random>

#include "core/common/error.h"
#include "core/eval/projection/embedding_clips.h"
#include "core/eval/projection/pca.h"
#include "core/eval/projection/tsne.h"
#include "tests/eval/predict_test_support.h"

namespace gramt::eval::projection {
namespace {

using predict::testing::TempFolder;

TEST(Pca, KnownAxesAndShares) {
  const torch::Tensor rows = torch::tensor({1.0, 0.0, -1.0, 0.0, 0.0, 0.5, 0.0, -0.5}).reshape({4, 2});
  const PcaProjection p = pca_project(rows);
  EXPECT_NEAR(p.explained[0], 2.0 / 2.5, 1e-12);
  EXPECT_NEAR(p.explained[1], 0.5 / 2.5, 1e-12);
  EXPECT_NEAR(p.points[0][0].item<double>(), 1.0, 1e-12);  // the sign: the largest coordinate positive
  EXPECT_NEAR(p.points[1][0].item<double>(), -1.0, 1e-12);
  EXPECT_NEAR(std::abs(p.points[2][1].item<double>()), 0.5, 1e-12);
  // More columns than rows goes through the N x N Gram matrix: same coordinates.
  const torch::Tensor wide = torch::cat({rows, torch::zeros({4, 10}, rows.options())}, 1);
  EXPECT_TRUE(torch::allclose(pca_project(wide).points.abs(), p.points.abs(), 1e-9, 1e-9));
  EXPECT_THROW(pca_project(torch::full({3, 2}, std::numeric_limits<double>::quiet_NaN())), Error);
}

torch::Tensor clusters(int per_cluster, int width, std::vector<int>& cluster_of) {
  std::mt19937 rng(5);
  std::normal_distribution<float> noise(0.0f, 0.3f);
  std::vector<float> values;
  for (int c = 0; c < 3; ++c)
    for (int i = 0; i < per_cluster; ++i) {
      cluster_of.push_back(c);
      for (int k = 0; k < width; ++k) values.push_back(noise(rng) + (k == c ? 6.0f : 0.0f));
    }
  return torch::from_blob(values.data(), {3 * per_cluster, width}, torch::kFloat32).clone();
}

TEST(Tsne, AffinitiesMatchThePerplexityAndAreSymmetric) {
  std::vector<int> cluster_of;
  const torch::Tensor rows = clusters(20, 6, cluster_of);
  std::vector<double> perplexities;
  const SparseAffinities p = tsne_affinities(rows, 10.0, &perplexities);
  for (double value : perplexities) EXPECT_NEAR(value, 10.0, 1e-3);
  double total = 0;
  for (double v : p.values) total += v;
  EXPECT_NEAR(total, 1.0, 1e-9);
  const auto value_at = [&](int64_t i, int64_t j) {
    for (int64_t k = p.row_start[static_cast<size_t>(i)]; k < p.row_start[static_cast<size_t>(i + 1)]; ++k)
      if (p.columns[static_cast<size_t>(k)] == j) return p.values[static_cast<size_t>(k)];
    return 0.0;
  };
  for (int64_t i = 0; i < 60; i += 7)
    for (int64_t j = 0; j < 60; j += 5) EXPECT_DOUBLE_EQ(value_at(i, j), value_at(j, i));
}

TEST(Tsne, BarnesHutGradientAtThetaZeroIsTheExactOne) {
  std::vector<int> cluster_of;
  const torch::Tensor rows = clusters(15, 5, cluster_of);
  const SparseAffinities p = tsne_affinities(rows, 8.0);
  const int64_t n = 45;
  std::mt19937 rng(3);
  std::normal_distribution<double> spread(0.0, 2.0);
  std::vector<double> y(static_cast<size_t>(2 * n));
  for (double& v : y) v = spread(rng);
  // The textbook gradient: 4 Σ_j (p_ij − q_ij)(y_i − y_j) / (1 + |y_i − y_j|²).
  std::vector<double> dense(static_cast<size_t>(n * n), 0.0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t k = p.row_start[static_cast<size_t>(i)]; k < p.row_start[static_cast<size_t>(i + 1)]; ++k)
      dense[static_cast<size_t>(i * n + p.columns[static_cast<size_t>(k)])] = p.values[static_cast<size_t>(k)];
  double z = 0;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j)
      if (i != j) z += 1.0 / (1.0 + std::pow(y[2 * i] - y[2 * j], 2) + std::pow(y[2 * i + 1] - y[2 * j + 1], 2));
  const std::vector<double> exact_bh = tsne_gradient(p, y, 0.0), approx = tsne_gradient(p, y, 0.5);
  double norm = 0, approx_error = 0;
  for (int64_t i = 0; i < n; ++i) {
    double gx = 0, gy = 0;
    for (int64_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1], w = 1.0 / (1.0 + dx * dx + dy * dy);
      const double f = (dense[static_cast<size_t>(i * n + j)] - w / z) * w;
      gx += 4 * f * dx;
      gy += 4 * f * dy;
    }
    EXPECT_NEAR(exact_bh[2 * i], gx, 1e-12);
    EXPECT_NEAR(exact_bh[2 * i + 1], gy, 1e-12);
    norm += gx * gx + gy * gy;
    approx_error += std::pow(approx[2 * i] - gx, 2) + std::pow(approx[2 * i + 1] - gy, 2);
  }
  EXPECT_LT(std::sqrt(approx_error / norm), 0.1);  // theta 0.5 stays close
}

TEST(Tsne, SeparatedClustersStaySeparated) {
  std::vector<int> cluster_of;
  const torch::Tensor rows = clusters(30, 10, cluster_of);
  TsneOptions options;
  options.perplexity = 10;
  options.iterations = 400;
  const torch::Tensor map = tsne_2d(rows, options);
  ASSERT_EQ(map.sizes(), torch::IntArrayRef({90, 2}));
  EXPECT_TRUE(torch::isfinite(map).all().item<bool>());
  int kept = 0;
  for (int64_t i = 0; i < 90; ++i) {
    const torch::Tensor d = (map - map[i]).pow(2).sum(1);
    d[i] = std::numeric_limits<double>::infinity();
    kept += cluster_of[static_cast<size_t>(d.argmin().item<int64_t>())] == cluster_of[static_cast<size_t>(i)];
  }
  EXPECT_EQ(kept, 90);
  // The same seed gives the same map.
  EXPECT_TRUE(torch::equal(map, tsne_2d(rows, options)));
}

TEST(Tsne, CancelStopsIt) {
  std::vector<int> cluster_of;
  const torch::Tensor rows = clusters(10, 4, cluster_of);
  std::atomic<bool> cancel{true};
  ProgressSink sink;
  sink.cancel = &cancel;
  EXPECT_THROW(tsne_2d(rows, {}, sink), Cancelled);
}

TEST(EmbeddingClips, SceneTaskRowsLabelsAndNotes) {
  TempFolder dir("projection-scene");
  predict::testing::write_separable_scene_task(dir.path(), "trainvaltest", 10, 4, 2);
  const EmbeddingClips clips = read_embedding_clips(dir.path());
  EXPECT_EQ(clips.task_name, "separable_scene");
  EXPECT_EQ(clips.rows.sizes(), torch::IntArrayRef({30, 4}));
  ASSERT_EQ(clips.clips.size(), 30u);
  EXPECT_EQ(clips.clips[0].split, "train");
  EXPECT_EQ(clips.clips[29].split, "test");
  EXPECT_EQ(clips.clips[0].label.rfind("class", 0), 0u);
  EXPECT_FALSE(clips.clip_means);
  EXPECT_FALSE(clips.has_facts);
  EXPECT_EQ(clips.notes.size(), 2u);  // no clip facts; rows unnamed (the test folder has no per-file embeddings)
}

TEST(EmbeddingClips, EventTasksBecomeClipMeans) {
  TempFolder dir("projection-events");
  predict::testing::write_event_task(dir.path(), 3, 40, 6);
  const EmbeddingClips clips = read_embedding_clips(dir.path());
  EXPECT_TRUE(clips.clip_means);
  EXPECT_EQ(clips.rows.size(0), 9);  // 3 files in each of 3 splits
  EXPECT_EQ(clips.clips[0].label, "alarm, door");
  EXPECT_NE(clips.notes.front().find("mean of its clip's timestamp embeddings"), std::string::npos);
}

TEST(EmbeddingClips, NanRowsAndMissingFoldersAreOneError) {
  TempFolder dir("projection-bad");
  EXPECT_THROW(read_embedding_clips(dir.path()), Error);
  predict::testing::write_separable_scene_task(dir.path(), "trainvaltest", 5, 3, 2);
  {
    std::fstream f(dir.file("valid.embeddings.npy"), std::ios::in | std::ios::out | std::ios::binary);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    f.seekp(4 * 4);  // row 1, column 1
    f.write(reinterpret_cast<const char*>(&nan), 4);
  }
  try {
    read_embedding_clips(dir.path());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("valid.embeddings.npy: row 1"), std::string::npos) << e.what();
  }
}

TEST(EmbeddingClips, NearestClipsByCosine) {
  const torch::Tensor rows = torch::tensor({1.0f, 0.0f, 10.0f, 1.0f, 0.0f, 1.0f, -1.0f, 0.1f}).reshape({4, 2});
  EXPECT_EQ(nearest_clips(rows, 0, 2), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(nearest_clips(rows, 3, 10), (std::vector<int64_t>{2, 1, 0}));
}

}  // namespace
}  // namespace gramt::eval::projection

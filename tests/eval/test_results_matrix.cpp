// The results matrix across models: union of tasks, missing and failed cells, s(m) marked
// incomplete instead of averaged silently, duplicate tags told apart, and the three exports.
#include <gtest/gtest.h>

#include <cmath>

#include "core/eval/benchmark/results_matrix.h"

namespace gramt::eval::benchmark {
namespace {

TaskScore scored(const std::string& task, std::vector<double> values, double normalised) {
  TaskScore t;
  t.task = task;
  t.primary_score = "top1_acc";
  t.values = std::move(values);
  summarise_seed_values(t);
  t.naive = 0.5;
  t.normalised = normalised;
  return t;
}

ResultsFile model(const std::string& tag, const std::string& path, std::vector<TaskScore> tasks) {
  ResultsFile f;
  f.model_tag = tag;
  f.path = path;
  f.tasks = std::move(tasks);
  return f;
}

// Two models: "full_model" has both tasks (two seeds each), "half_model" lacks mini_pitch.
std::vector<ResultsFile> two_models() {
  return {model("full_model", "/emb/full_model/results.json",
                {scored("mini_pitch", {0.8, 0.9}, 70.0), scored("mini_events", {0.5, 0.7}, 30.0)}),
          model("half_model", "/emb/half_model/results.json", {scored("mini_events", {0.25}, 50.0)})};
}

TEST(ResultsMatrix, MissingCellMakesTheMeanIncomplete) {
  const ResultsMatrix m = build_results_matrix(two_models());
  EXPECT_EQ(m.models, (std::vector<std::string>{"full_model", "half_model"}));
  EXPECT_EQ(m.tasks, (std::vector<std::string>{"mini_events", "mini_pitch"}));  // sorted union
  ASSERT_EQ(m.cells.size(), 2u);
  const MatrixCell& pitch = m.cells[0][1];
  EXPECT_TRUE(pitch.present);
  EXPECT_DOUBLE_EQ(pitch.mean, 0.85);
  EXPECT_NEAR(pitch.std, std::sqrt(0.005), 1e-12);
  EXPECT_EQ(pitch.seeds, 2);
  EXPECT_DOUBLE_EQ(pitch.normalised, 70.0);
  EXPECT_EQ(pitch.status, "ok");
  EXPECT_FALSE(m.cells[1][1].present);
  EXPECT_TRUE(std::isnan(m.cells[1][0].std));  // one seed: no spread
  EXPECT_DOUBLE_EQ(m.mean_normalised[0], 50.0);
  EXPECT_TRUE(m.complete[0]);
  EXPECT_DOUBLE_EQ(m.mean_normalised[1], 50.0);  // over the one task it has...
  EXPECT_FALSE(m.complete[1]);                   // ...and marked as such
  EXPECT_EQ(m.source_paths[1], "/emb/half_model/results.json");
}

TEST(ResultsMatrix, FailedTaskMakesTheMeanIncomplete) {
  std::vector<ResultsFile> files = two_models();
  files[0].tasks[1].status = "prediction failed";
  const ResultsMatrix m = build_results_matrix(files);
  EXPECT_FALSE(m.complete[0]);
  EXPECT_DOUBLE_EQ(m.mean_normalised[0], 70.0);
  EXPECT_EQ(m.cells[0][0].status, "prediction failed");
}

// s(m) per seed from each task's normalised per-seed values: seed 1 (60 + 20) / 2 = 40, seed 2
// (80 + 40) / 2 = 60, so s(m) carries ± std(40, 60) = 14.1 in every export.
TEST(ResultsMatrix, SpreadOfTheMeanOverSeeds) {
  std::vector<ResultsFile> files = two_models();
  files[0].tasks[0].normalised_values = {60.0, 80.0};
  files[0].tasks[1].normalised_values = {20.0, 40.0};
  const ResultsMatrix m = build_results_matrix(files);
  EXPECT_NEAR(m.mean_normalised_std[0], std::sqrt(200.0), 1e-9);
  EXPECT_TRUE(std::isnan(m.mean_normalised_std[1]));  // one seed: no spread
  EXPECT_NE(results_matrix_markdown(m).find("| 50.0 ± 14.1 |"), std::string::npos) << results_matrix_markdown(m);
  EXPECT_NE(results_matrix_latex(m).find("$50.0 \\pm 14.1$"), std::string::npos) << results_matrix_latex(m);
  const NormalisedMean mean = normalised_mean(files[0].tasks);
  EXPECT_EQ(mean.per_seed, (std::vector<double>{40.0, 60.0}));
  // A task whose per-seed values are unknown leaves the spread unknown rather than guessed.
  files[0].tasks[1].normalised_values.clear();
  EXPECT_TRUE(std::isnan(build_results_matrix(files).mean_normalised_std[0]));
}

TEST(ResultsMatrix, SameTagTwiceGetsDistinctLabels) {
  const ResultsMatrix m = build_results_matrix({model("m", "/runA/m/results.json", {}), model("m", "/runB/m/results.json", {}),
                                                model("m", "/other/runA/m/results.json", {})});
  EXPECT_EQ(m.models, (std::vector<std::string>{"m (runA) #1", "m (runB)", "m (runA) #2"}));
}

TEST(ResultsMatrix, CsvHasEveryValue) {
  const std::string csv = results_matrix_csv(build_results_matrix(two_models()));
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "model,mini_events mean,mini_events std,mini_events seeds,mini_events normalised,mini_events status,"
            "mini_pitch mean,mini_pitch std,mini_pitch seeds,mini_pitch normalised,mini_pitch status,s(m),s(m) std,s(m) complete,source");
  EXPECT_NE(csv.find("\nfull_model,0.6,0.1414213562,2,30,ok,0.85,0.07071067812,2,70,ok,50,,true,/emb/full_model/results.json\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("\nhalf_model,0.25,,1,50,ok,,,,,missing,50,,false,/emb/half_model/results.json\n"), std::string::npos) << csv;
}

TEST(ResultsMatrix, MarkdownEscapesNamesAndMarksIncompleteMeans) {
  const std::string md = results_matrix_markdown(build_results_matrix(two_models()));
  EXPECT_NE(md.find("| model | mini\\_events | mini\\_pitch | s(m) % |"), std::string::npos) << md;
  EXPECT_NE(md.find("| full\\_model | 0.600 ± 0.141 | 0.850 ± 0.071 | 50.0 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| half\\_model | 0.250 | -- | 50.0 † |"), std::string::npos) << md;
  EXPECT_NE(md.find("\n† "), std::string::npos) << md;  // the footnote
}

TEST(ResultsMatrix, LatexIsBooktabsWithEscapesDaggerAndFootnote) {
  std::vector<ResultsFile> files = two_models();
  files[1].model_tag = "half_model 50% & #2";
  files[0].tasks[0].lower_is_better = true;
  const std::string tex = results_matrix_latex(build_results_matrix(files));
  EXPECT_NE(tex.find("\\begin{tabular}{lrrr}"), std::string::npos) << tex;
  EXPECT_NE(tex.find("\\toprule"), std::string::npos);
  EXPECT_NE(tex.find("\\midrule"), std::string::npos);
  EXPECT_NE(tex.find("\\bottomrule"), std::string::npos);
  EXPECT_NE(tex.find("Model & mini\\_events & mini\\_pitch $\\downarrow$ & $s(m)$ \\\\"), std::string::npos) << tex;
  EXPECT_NE(tex.find("full\\_model & $0.600 \\pm 0.141$ & $0.850 \\pm 0.071$ & 50.0 \\\\"), std::string::npos) << tex;
  EXPECT_NE(tex.find("half\\_model 50\\% \\& \\#2 & $0.250$ & -- & 50.0$^\\dagger$ \\\\"), std::string::npos) << tex;
  EXPECT_NE(tex.find("\\multicolumn{4}{l}{\\footnotesize $^\\dagger$"), std::string::npos) << tex;
  EXPECT_EQ(tex.find("half_model"), std::string::npos);  // no unescaped underscore anywhere
  // Every model complete: no dagger, no footnote.
  const std::string complete = results_matrix_latex(build_results_matrix({files[0]}));
  EXPECT_EQ(complete.find("dagger"), std::string::npos) << complete;
}

}  // namespace
}  // namespace gramt::eval::benchmark

namespace gramt::eval::benchmark {
namespace {

TEST(ResultsMatrix, AKnnProbeOfTheSameEmbeddingsIsItsOwnRow) {
  ResultsFile mlp;
  mlp.model_tag = "demo";
  mlp.path = "/emb/demo/results.json";
  ResultsFile knn = mlp;
  knn.path = "/emb/demo/knn-k10-cosine/results.json";
  knn.protocol.probe = "knn k=10 cosine";
  const ResultsMatrix m = build_results_matrix({mlp, knn});
  EXPECT_EQ(m.models, (std::vector<std::string>{"demo", "demo [knn k=10 cosine]"}));
  // The probe survives the file.
  EXPECT_EQ(results_file_json(knn)["protocol"]["probe"], "knn k=10 cosine");
}

}  // namespace
}  // namespace gramt::eval::benchmark

#pragma once
// Several models' results.json side by side: one row per model, one column per task, the
// s(m)-style mean per model, and exports for papers and spreadsheets. A model that lacks a task
// or failed one has its mean marked incomplete instead of silently averaged over fewer tasks.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/eval/benchmark/results_file.h"

namespace gramt::eval::benchmark {

struct MatrixCell {
  bool present = false;
  double mean = NAN, std = NAN;
  int64_t seeds = 0;  // finite per-seed values behind the mean
  double normalised = NAN;
  std::string status;  // "ok" or what failed; empty when not present
};

struct ResultsMatrix {
  std::vector<std::string> models;  // row labels (model_tag, disambiguated if two files share a tag)
  std::vector<std::string> tasks;   // union of tasks, sorted
  std::vector<std::vector<MatrixCell>> cells;  // [model][task]
  std::vector<double> mean_normalised;         // s(m) per model over the tasks it has
  std::vector<double> mean_normalised_std;     // its sample std over seeds (NaN when unknown)
  // false when a model lacks a task or a task failed: the mean is then marked incomplete, never
  // silently averaged over fewer tasks as if complete
  std::vector<bool> complete;
  std::vector<std::string> source_paths;  // results.json per row
  std::vector<bool> lower_is_better;      // per task, from the first file that has it
};

ResultsMatrix build_results_matrix(const std::vector<ResultsFile>& files);

// One row per model: per task "<task> mean", "std", "seeds", "normalised", "status", then "s(m)",
// "s(m) std", "s(m) complete" and "source"; empty cells where a value is missing; RFC 4180 quoting.
std::string results_matrix_csv(const ResultsMatrix& m);
// GitHub table: "mean ± std" per cell and for s(m), "--" missing, "failed" for a failed task; s(m) with a dagger
// and a footnote when incomplete.
std::string results_matrix_markdown(const ResultsMatrix& m);
// booktabs tabular, escaped names (_ % & #), mean ± std as $x \pm y$, "--" for missing, incomplete
// s(m) marked with a dagger and a footnote line.
std::string results_matrix_latex(const ResultsMatrix& m);

}  // namespace gramt::eval::benchmark

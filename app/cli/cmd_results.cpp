// gramt-cli results: the results matrix of every results.json below an embeddings folder (the
// Evaluate panel's table) as Markdown, CSV or LaTeX on stdout, or into a file. Models are rows in
// the order given by --order (baselines first, say), then the rest by name.
#include <algorithm>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/cli/commands.h"
#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/eval/benchmark/results_matrix.h"

namespace gramt::cli {
namespace {

struct ResultsOptions {
  std::string embeddings_dir, format = "markdown", out, order;
};

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) items.push_back(item);
  return items;
}

void run_results(const ResultsOptions& o) {
  const std::vector<std::string> paths = eval::benchmark::find_results_files(o.embeddings_dir);
  if (paths.empty()) throw Error(o.embeddings_dir + ": no results.json below this folder (run evaluate first)");
  std::vector<eval::benchmark::ResultsFile> files;
  for (const std::string& path : paths) files.push_back(eval::benchmark::read_results_file(path));
  // Rows named in --order first, in that order; an order naming no model is a typo, said so.
  const std::vector<std::string> order = comma_list(o.order);
  for (const std::string& tag : order) {
    if (std::none_of(files.begin(), files.end(), [&](const auto& f) { return f.model_tag == tag; }))
      throw Error("--order: no results for model '" + tag + "' below " + o.embeddings_dir);
  }
  const auto rank = [&](const eval::benchmark::ResultsFile& f) {
    return static_cast<size_t>(std::find(order.begin(), order.end(), f.model_tag) - order.begin());
  };
  std::stable_sort(files.begin(), files.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
  const eval::benchmark::ResultsMatrix matrix = eval::benchmark::build_results_matrix(files);
  std::string text;
  if (o.format == "markdown") text = eval::benchmark::results_matrix_markdown(matrix);
  else if (o.format == "csv") text = eval::benchmark::results_matrix_csv(matrix);
  else if (o.format == "latex") text = eval::benchmark::results_matrix_latex(matrix);
  else throw Error("--format: '" + o.format + "' is not markdown, csv or latex");
  std::cout << text << std::flush;
  if (!o.out.empty()) write_file_atomically(o.out, text);
}

}  // namespace

void add_results_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("results", "Print the results matrix of every results.json below an embeddings folder");
  auto o = std::make_shared<ResultsOptions>();
  cmd->add_option("--embeddings-dir", o->embeddings_dir, "embeddings root (evaluate's --embeddings-dir)")->required();
  cmd->add_option("--format", o->format, "markdown | csv | latex")->capture_default_str();
  cmd->add_option("--out", o->out, "also write the table to this file");
  cmd->add_option("--order", o->order, "comma-separated model tags to list first, in this order");
  cmd->callback([o] { run_results(*o); });
}

}  // namespace gramt::cli

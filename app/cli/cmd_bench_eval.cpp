// gramt-cli bench eval: evaluation speed figures (predictor training, event scoring, task embedding).
#include "app/cli/commands.h"

namespace gramt::cli {

void add_bench_eval_subcommand(CLI::App& bench) {
  auto* eval = bench.add_subcommand("eval", "Evaluation speed: predictor grid points, event scoring, task embedding");
  eval->callback([] {});
}

}  // namespace gramt::cli

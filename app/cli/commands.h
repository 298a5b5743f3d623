#pragma once
// Every gramt-cli subcommand registers itself here; main.cpp calls each add_*_command once.
#include <CLI/CLI.hpp>

namespace gramt::cli {

void add_info_command(CLI::App& app);
void add_convert_command(CLI::App& app);
void add_features_command(CLI::App& app);
void add_embed_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_demo_command(CLI::App& app);
void add_parity_command(CLI::App& app);
void add_train_command(CLI::App& app);
void add_predict_command(CLI::App& app);
void add_embed_tasks_command(CLI::App& app);
void add_make_tasks_command(CLI::App& app);
void add_make_nat_hear_command(CLI::App& app);
void add_evaluate_command(CLI::App& app);
void add_results_command(CLI::App& app);
void add_pull_command(CLI::App& app);
void add_models_command(CLI::App& app);
void add_project_command(CLI::App& app);
// `bench eval` lives in its own file; add_bench_command calls this with the bench subcommand.
void add_bench_eval_subcommand(CLI::App& bench);
void add_bench_nat_hear_subcommand(CLI::App& bench);

}  // namespace gramt::cli

// gramt-cli: GRAM-T without Qt. Each subcommand lives in its own file (cmd_*.cpp).
#include <exception>
#include <iostream>

#include "app/cli/commands.h"
#include "core/common/error.h"

#include <c10/util/Exception.h>

int main(int argc, char** argv) {
  CLI::App app{"gramt-cli: GRAM-T features, embeddings, training and evaluation without a GUI"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "gramt-cli " GRAMT_VERSION);
  gramt::cli::add_info_command(app);
  gramt::cli::add_convert_command(app);
  gramt::cli::add_features_command(app);
  gramt::cli::add_embed_command(app);
  gramt::cli::add_bench_command(app);
  gramt::cli::add_demo_command(app);
  gramt::cli::add_parity_command(app);
  gramt::cli::add_train_command(app);
  gramt::cli::add_predict_command(app);
  gramt::cli::add_embed_tasks_command(app);
  gramt::cli::add_make_tasks_command(app);
  gramt::cli::add_make_nat_hear_command(app);
  gramt::cli::add_evaluate_command(app);
  gramt::cli::add_results_command(app);
  gramt::cli::add_pull_command(app);
  gramt::cli::add_models_command(app);
  gramt::cli::add_project_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const gramt::Cancelled&) {
    std::cerr << "gramt-cli: cancelled\n";
    return 130;
  } catch (const gramt::Error& e) {
    std::cerr << "gramt-cli: error: " << e.what() << "\n";
    return 1;
  } catch (const c10::Error& e) {
    std::cerr << "gramt-cli: error: " << e.what_without_backtrace() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "gramt-cli: internal error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

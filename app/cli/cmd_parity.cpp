// gramt-cli parity: recompute a reference case folder and print the largest error of every array, then
// the training step (gradients, gradient norm, one AdamW step) where the case holds one.
#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "core/common/error.h"
#include "core/train/train_step_parity.h"

namespace gramt::cli {

void add_parity_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("parity", "Check our outputs against reference case folders (golden data)");
  auto folders = std::make_shared<std::vector<std::string>>();
  cmd->add_option("cases", *folders,
                  "case folders (model.yaml, weights.safetensors, audio.wav, *.npy; train_step.safetensors "
                  "where the case has one)")
      ->required();
  cmd->callback([folders] {
    int failed = 0;
    for (const auto& f : *folders) {
      const auto r = train::check_reference_case_and_training_step(f);
      std::printf("case %s\n", f.c_str());
      for (const auto& a : r.arrays) {
        // Lines without a measure (skipped checks, key lists, unreadable inputs) carry only their note.
        if (a.skipped || (a.tolerance == 0 && a.max_abs_error == 0)) {
          std::printf("  %-28s %s  %s\n", a.name.c_str(), a.skipped ? "skip" : a.passed ? "ok  " : "FAIL", a.note.c_str());
          continue;
        }
        std::printf("  %-28s %s max %s error %.3g (tolerance %.0e)%s%s\n", a.name.c_str(), a.passed ? "ok  " : "FAIL",
                    a.relative ? "relative" : "abs", a.max_abs_error, a.tolerance, a.note.empty() ? "" : "  ",
                    a.note.c_str());
      }
      std::printf("  => %s\n", r.passed() ? "PASS" : "FAIL");
      failed += r.passed() ? 0 : 1;
    }
    if (failed) throw Error(std::to_string(failed) + " case(s) failed parity");
  });
}

}  // namespace gramt::cli

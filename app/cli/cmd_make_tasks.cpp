// gramt-cli make-tasks: builds the mini-HEAR benchmark (keywords, pitch, instruments, events, their
// binaural versions, localization) as HEAR task folders from Debian sound material.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/progress_bar.h"
#include "core/common/error.h"
#include "core/eval/taskmaker/make_tasks.h"

namespace gramt::cli {

void add_make_tasks_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "make-tasks", "Build small HEAR-format tasks at 32 kHz from espeak-ng, fluidsynth + FluidR3 GM and MIT KEMAR");
  struct Options {
    std::string out, size = "small";
    uint64_t seed = 42;
    std::vector<std::string> only;
    bool ambisonic = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--out", o->out, "tasks folder to fill")->required();
  cmd->add_option("--seed", o->seed, "seed of every random choice")->capture_default_str();
  cmd->add_option("--size", o->size, "small | medium (larger valid and test splits) | tiny")->capture_default_str();
  cmd->add_option("--task", o->only, "build only this task (repeatable), e.g. mini_pitch or mini_localization_foa");
  cmd->add_flag("--ambisonic", o->ambisonic,
                "also build the first-order ambisonic versions (*_foa, AmbiX) of the spatial tasks: the same rooms, "
                "places and SNRs as the binaural ones");
  cmd->callback([o] {
    eval::taskmaker::MakeTasksParams params;
    params.out_dir = o->out;
    params.seed = o->seed;
    params.size = o->size;
    params.only = o->only;
    params.ambisonic = o->ambisonic;
    params.log = print_log_line;
    std::vector<eval::taskmaker::MadeTask> made;
    {
      ProgressBar bar("make-tasks");
      made = eval::taskmaker::make_tasks(params, bar.sink());
    }
    size_t built = 0, clips = 0;
    for (const auto& m : made) {
      if (!m.skipped) ++built;
      clips += m.clips;
    }
    std::cout << built << " task(s) built (" << clips << " clips), " << made.size() - built << " kept, in " << o->out
              << std::endl;
  });
}

}  // namespace gramt::cli

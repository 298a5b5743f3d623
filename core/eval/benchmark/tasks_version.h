#pragma once
// A version string for the task folders a model was scored on, for the results file's protocol:
// scores are only comparable on the same tasks. make-tasks records its generator (program, seed,
// size) in every task_metadata.json; that is named when every task has it. A hash of the tasks'
// metadata files (which hold the task versions, splits and sizes) is always added, so tasks from
// hear-preprocess or a changed recipe are told apart too.
#include <string>
#include <vector>

namespace gramt::eval::benchmark {

// e.g. "gramt-cli make-tasks seed=42 size=small; metadata sha256 3f1c0a9e12b4d7c5".
// Tasks whose metadata cannot be read are left out (their failure is reported elsewhere).
std::string tasks_version(const std::string& tasks_dir, const std::vector<std::string>& task_names);

}  // namespace gramt::eval::benchmark

#pragma once
// Writes a TaskSpec as a HEAR task folder (spec/eval.md §1) the embeddings runners read:
//   task_metadata.json, labelvocabulary.csv, <split>.json (keys sorted by file name),
//   <rate>/<split>/<file> (16-bit PCM WAV), MANIFEST.tsv with every clip's provenance, and
//   <split>.clip-metadata.json when clips carry facts to split results by (our own file).
// The folder is assembled under a hidden temporary name in `tasks_dir` and renamed when complete.
#include <cstdint>
#include <string>

#include "core/eval/taskmaker/task_spec.h"

namespace gramt::eval::taskmaker {

// Returns the folder written. Throws gramt::Error (and removes the temporary folder) when a clip
// is at another rate, two clips share a split and name, or a file cannot be written.
std::string write_task_folder(const TaskSpec& task, const std::string& tasks_dir, int sample_rate, uint64_t seed);

}  // namespace gramt::eval::taskmaker

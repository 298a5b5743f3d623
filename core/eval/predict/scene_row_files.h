#pragma once
// Which audio file each row of a scene task's <split>.embeddings.npy came from. The kits (and our
// embeddings runner) shuffle the rows and record no names for scene tasks, but they also keep each
// file's own embedding as <split>/<file>.embedding.npy, copied bit for bit into the matrix: a row is
// matched to the file whose embedding has the same bytes. Files with identical embeddings are
// interchangeable (same input, same prediction) and are handed out in file-name order.
#include <string>
#include <vector>

#include <torch/types.h>

namespace gramt::eval::predict {

// embeddings: the split's (N, D) float32 matrix in row order. The file names come from the keys of
// <task_dir>/<split>.json. Throws gramt::Error naming the per-file embedding that is missing or of
// another width, or the row that matches no file.
std::vector<std::string> scene_row_files(const std::string& task_dir, const std::string& split,
                                         const torch::Tensor& embeddings);

}  // namespace gramt::eval::predict

#pragma once
// One split of an embeddings task folder (spec/eval.md §2.6), its matrix mapped from the file
// rather than read into memory (a split may exceed the machine's memory):
// `<split>.embeddings.npy` (raw float32 N x D, no header, despite the name), its
// `<split>.embedding-dimensions.json` [N, D], the per-row labels of `<split>.target-labels.pkl`,
// and for event tasks the per-row (file, timestamp) pairs of `<split>.filename-timestamps.json`.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/types.h>

namespace gramt::eval::predict {

struct SplitEmbeddings {
  std::string name;
  torch::Tensor embeddings;  // (N, D) float32, CPU, contiguous
  nlohmann::json row_labels;  // N label lists
  // Event tasks only: per row, the audio file name (basename of the slug) and the frame time (ms).
  std::vector<std::string> row_files;
  std::vector<double> row_timestamps_ms;

  int64_t rows() const { return embeddings.size(0); }
};

// Reads `<split>.embedding-dimensions.json`; throws gramt::Error naming it unless it is [N, D]
// with N, D >= 1.
std::pair<int64_t, int64_t> read_embedding_dimensions(const std::string& task_dir, const std::string& split);

// Loads one split. Every disagreement (file size vs dimensions, label count vs rows, non-finite
// values, missing files) is a gramt::Error naming the file.
SplitEmbeddings load_split_embeddings(const std::string& task_dir, const std::string& split, bool event_task);

}  // namespace gramt::eval::predict

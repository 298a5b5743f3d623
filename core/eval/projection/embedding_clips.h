#pragma once
// One clip per row, from an embeddings task folder (embed-tasks output), for the Embeddings panel:
// every split's scene embeddings with each clip's file, split, label and facts
// (<split>.clip-metadata.json). Event tasks have no scene embeddings: each clip becomes the mean
// of its timestamp embeddings, and `clip_means` says so.
#include <string>
#include <vector>

#include <torch/types.h>

#include "core/eval/projection/embedded_clip.h"

namespace gramt::eval::projection {

struct EmbeddingClips {
  std::string task_name, task_dir;
  torch::Tensor rows;  // (N, D) float32, CPU, one per clip, in split order
  std::vector<EmbeddedClip> clips;
  bool clip_means = false;  // event task: rows are clip means of the timestamp embeddings
  bool has_facts = false;   // some split has a clip-metadata file
  // One line each about what the picture stands on: clip means, no clip facts, unnamed rows.
  std::vector<std::string> notes;
};

// Throws gramt::Error naming the file for anything unreadable, and for a row with NaN or infinite
// values (nothing is drawn from a folder with such rows).
EmbeddingClips read_embedding_clips(const std::string& task_dir);

// The `count` clips nearest to clip `index` by cosine similarity (itself left out), nearest first.
std::vector<int64_t> nearest_clips(const torch::Tensor& rows, int64_t index, int64_t count);

}  // namespace gramt::eval::projection

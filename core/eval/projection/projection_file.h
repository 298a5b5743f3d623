#pragma once
// A 2-D map of a task's clips as `gramt-cli project` writes it (atomically):
//   {"task": ..., "task_dir": ..., "method": "pca" | "tsne", "clip_means": bool,
//    "settings": {...}, "notes": [...], "clips": [{"file", "split", "label", "x", "y"}, ...]}
#include <string>

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include "core/eval/projection/embedding_clips.h"

namespace gramt::eval::projection {

// points: (N, 2), one per clip in clips.clips.
nlohmann::ordered_json projection_json(const EmbeddingClips& clips, const torch::Tensor& points, const std::string& method,
                                       const nlohmann::ordered_json& settings);
void write_projection_file(const std::string& path, const nlohmann::ordered_json& projection);

}  // namespace gramt::eval::projection

#pragma once
// Per-head attention weights of one HEAR chunk. The model's forward runs fused attention and never
// forms the weights, so this walks the encoder blocks itself, recomputing softmax(q·kᵀ/√d) from each
// block's own LayerNorm and in-projection, and advancing with the block's own forward. The normal
// embedding path is untouched: no flag, no observer, no extra work when nobody asks for maps.
#include <torch/types.h>

#include "core/model/attention_maps.h"
#include "core/model/gramt_model.h"

namespace gramt::model {

// chunk: one HEAR-path log-mel chunk (C, input_tdim, F), e.g. (2, 200, 128). Throws gramt::Error
// naming the expected shape otherwise. encoder_output, if given, receives the walk's final encoder
// output (1 + N, D) — the same tensor GramtModel::encode gives, so callers can check nothing changed.
AttentionMaps capture_attention(const GramtModel& model, const torch::Tensor& chunk,
                                torch::Tensor* encoder_output = nullptr);

// Chunk `index` of a clip's HEAR log-mel (C, T, F) as the embedder cuts it: input_tdim frames,
// zero-padded in the log domain past the end. chunk_count follows the reference (always pads).
int64_t hear_chunk_count(int64_t frames, int tdim);
torch::Tensor hear_chunk(const torch::Tensor& logmel, int64_t index, int tdim);

}  // namespace gramt::model

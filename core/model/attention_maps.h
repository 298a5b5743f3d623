#pragma once
// Attention weights of one 200-frame chunk, every layer and head, as plain data (no LibTorch) so
// views can hold them; plus per-head summaries for a head atlas. Filled by capture_attention
// (attention_capture.h).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace gramt::model {

struct AttentionMaps {
  int64_t layers = 0, heads = 0;
  int64_t tokens = 0;                  // has_cls + grid_rows · grid_cols
  int64_t grid_rows = 0;               // patches along frequency (row 0 = lowest band)
  int64_t grid_cols = 0;               // patches along time
  bool has_cls = true;                 // token 0 is CLS; patch p = r·grid_cols + c is token has_cls + p
  double patch_seconds = 0;            // time span of one patch column (0.08 s for 16×8, 0.02 s for 128×2)
  int64_t patch_mel_bands = 0;         // mel bands of one patch row (16 or 128)
  std::vector<float> weights;          // [layer][head][query][key], each query row sums to 1

  float at(int64_t layer, int64_t head, int64_t query, int64_t key) const {
    return weights[static_cast<std::size_t>(((layer * heads + head) * tokens + query) * tokens + key)];
  }
  const float* row(int64_t layer, int64_t head, int64_t query) const {
    return weights.data() + ((layer * heads + head) * tokens + query) * tokens;
  }
  // Grid position of a patch token (token >= has_cls): frequency row and time column.
  int64_t row_of(int64_t token) const { return (token - (has_cls ? 1 : 0)) / grid_cols; }
  int64_t col_of(int64_t token) const { return (token - (has_cls ? 1 : 0)) % grid_cols; }
};

struct HeadSummary {
  int64_t layer = 0, head = 0;
  // Mean over every query row (CLS included) of −Σ p·ln p, in nats: ln(tokens) = uniform, 0 = one key.
  double entropy = 0;
  // Patch queries only, their weights over patch keys renormalised to sum 1 (attention to CLS left
  // out, reported separately): expected |Δ time| in seconds and |Δ frequency| in patch rows.
  double distance_time_s = 0;
  double distance_freq_patches = 0;
  // Mean weight patch queries give to CLS (0 without CLS).
  double attention_to_cls = 0;
};

// One summary per (layer, head), layer-major. Throws gramt::Error if the maps are inconsistent.
std::vector<HeadSummary> summarise_heads(const AttentionMaps& maps);

// Throws gramt::Error naming the field if sizes disagree (weights.size(), grid vs tokens, ...).
void validate_attention_maps(const AttentionMaps& maps);

}  // namespace gramt::model

#pragma once
// Attention rollout (Abnar & Zuidema 2020): how much each input token contributes to each output
// token once the residual connections are counted, multiplied through the layers.
#include <cstdint>
#include <vector>

#include "core/model/attention_maps.h"

namespace gramt::model {

enum class HeadFusion { mean, max, min };

// Per layer: W = fuse(heads); zero the lowest `discard_ratio` share of W's entries (CLS→CLS is never
// zeroed; ties broken by token order); A = 0.5·W + 0.5·I; each row of A renormalised to sum 1;
// R_1 = A_1, R_l = A_l · R_{l−1}. Returns R_L, tokens × tokens row-major; every row sums to 1.
// discard_ratio in [0, 1), else gramt::Error.
std::vector<float> attention_rollout(const AttentionMaps& maps, HeadFusion fusion, double discard_ratio);

// The relevance of each patch (tokens − 1 values, frequency-major like the tokens: r·grid_cols + c):
// from_cls → the CLS row of R over the patch columns (the CLS readout); otherwise the mean of the
// patch rows over the patch columns, the fairer picture for the HEAR raw/mean readouts. Token 0 must
// be CLS. Not renormalised (the share that flows to CLS is left out).
std::vector<float> rollout_map(const std::vector<float>& rollout, int64_t tokens, bool from_cls);

}  // namespace gramt::model

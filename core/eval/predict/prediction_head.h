#pragma once
// What a task's prediction type means for the predictor (spec/eval.md §3.3, §3.6): how label rows
// become target tensors, which activation turns logits into the values the scores see, and which
// loss trains the logits.
#include <string>

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include "core/eval/predict/param_grid.h"
#include "core/eval/format/label_vocabulary.h"
#include "core/eval/format/task_metadata.h"

namespace gramt::eval::predict {

enum class HeadKind {
  multiclass,           // softmax; cross-entropy on the index of the one-hot target
  multilabel,           // sigmoid; binary cross-entropy on logits
  regression_tanh,      // tanh; MSE between tanh(logits) and the label vector (listen-eval-kit)
  regression_identity,  // identity; MSE on raw outputs (polar-regression: degree-valued labels)
  // listen-eval-kit's ACCDOA (SELD): 3 outputs per class, class-major [c0x, c0y, c0z, c1x, ...];
  // tanh; MSE between tanh(logits) and the unit direction vectors of the active classes.
  accdoa,
};

struct PredictionHead {
  std::string prediction_type;
  HeadKind kind = HeadKind::multiclass;
  bool localization = false;  // label rows are coordinate vectors, not class labels
  bool absolute_targets = false;  // distance-regression trains on |label|

  torch::Tensor activation(const torch::Tensor& logits) const;
  // Mean loss over the rows (and outputs) given; targets as produced by encode_targets.
  torch::Tensor loss(const torch::Tensor& logits, const torch::Tensor& targets) const;
};

// Accepts the HEAR types (multiclass, multilabel), accdoa, and the --localization types
// (cartesian-regression, cartesian-z-regression, distance-regression, polar-regression,
// polar-classification). polar-regression differs between the kits' copies: `listen` follows
// listen-eval-kit as published (tanh, MSE on tanh outputs, which cannot reach degree-valued
// targets); `hear` (hear-eval-kit has no localization path) follows the copy vendored in GRAM-T,
// identity outputs trained with MSE on the raw values.
PredictionHead make_prediction_head(const std::string& prediction_type, const std::string& source,
                                    KitFlavour kit = KitFlavour::listen);

// Label rows -> float32 target matrix: (N, C) multi-hot over `vocabulary` for class labels, the
// label vector itself for localization; for accdoa (N, 3 C) where each row's entries
// [label, [azimuth_deg, elevation_deg]] set their class's unit vector (a second entry of a class
// overwrites the first, as in the kit). Multiclass rows must hold exactly one label. `source`
// names the label file in errors.
torch::Tensor encode_targets(const nlohmann::json& row_labels, const PredictionHead& head,
                             const format::LabelVocabulary& vocabulary, const std::string& source);

}  // namespace gramt::eval::predict

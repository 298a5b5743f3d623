#pragma once
// Training-step parity: a reference case may hold train_step.safetensors, the reference's gradient
// of the MAE loss for every trainable parameter ("grad.<key>") and every parameter after one clipped
// AdamW step ("after.<key>"), with the loss, the gradient norm before clipping and the optimiser
// settings in golden.json's "train_step". The check recomputes them through the trainer's own path
// (forward_mae, backward through the oneDNN kernels and again through LibTorch's products, then
// clip_gradients_and_step) and reports one line per group, naming the worst tensor.
#include <string>
#include <vector>

#include "core/model/reference_case.h"

namespace gramt::train {

// The lines "train_step keys", "train_step loss", "train_step grad (oneDNN)",
// "train_step grad (LibTorch)", "train_step grad_norm" and "train_step after AdamW". A case without
// train_step.safetensors gives one skipped line that says so. A file that lacks a trainable
// parameter, has a key the model does not train or a tensor of the wrong shape fails the keys line,
// naming the key; an unreadable file or golden.json without the step's settings fails a line
// carrying the error.
std::vector<model::ArrayComparison> check_train_step(const std::string& case_folder);

// model::check_reference_case's arrays followed by the training-step lines: what `gramt-cli parity`
// reports for a case.
model::ReferenceCaseResult check_reference_case_and_training_step(const std::string& case_folder);

}  // namespace gramt::train

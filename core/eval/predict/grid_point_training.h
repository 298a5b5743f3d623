#pragma once
// Training one grid point on one fold split with the kits' PyTorch Lightning semantics
// (spec/eval.md §3.7): unshuffled batches in row order, the last partial batch kept, validation
// after every `check_val_every_n_epoch`-th epoch, the best validation kept (ties keep the
// earlier), early stopping after `patience` validations without strict improvement, immediate
// stop on a non-finite monitored value. Also the full-split evaluation used for validation and test.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include "core/common/error.h"
#include "core/eval/predict/accdoa_scoring.h"
#include "core/eval/predict/event_postprocessing.h"
#include "core/eval/predict/mlp_predictor.h"
#include "core/eval/predict/param_grid.h"
#include "core/eval/predict/prediction_head.h"
#include "core/eval/predict/task_scores.h"

namespace gramt::eval::predict {

// Training rows: one or several splits used back to back (k-fold train = the train folds in
// sorted order) without copying them into one tensor.
class RowBlocks {
 public:
  void add(torch::Tensor embeddings, torch::Tensor targets);
  int64_t rows() const { return rows_; }
  // Rows [begin, end) across blocks.
  std::pair<torch::Tensor, torch::Tensor> slice(int64_t begin, int64_t end) const;
  // Every row's target in row order (the random probe draws from them).
  torch::Tensor all_targets() const;

 private:
  std::vector<torch::Tensor> embeddings_;
  std::vector<torch::Tensor> targets_;
  std::vector<int64_t> starts_;
  int64_t rows_ = 0;
};

// A validation or test split.
struct EvaluationSplit {
  std::string name;
  torch::Tensor embeddings;  // (N, D) on the training device
  torch::Tensor targets;     // (N, C) on the training device
  const EventFrameIndex* frames = nullptr;  // event tasks
  const FileEvents* reference = nullptr;    // event tasks: split-JSON events of these files
  const AccdoaReference* doa = nullptr;     // accdoa tasks (with `frames`)
  // Names a row's clip for messages ("clip 'a.wav' (row 3 of split valid)"); empty = row number only.
  std::function<std::string(int64_t row)> describe_row;
};

// A probe gave NaN or infinity for a clip: the grid point (or fold) that trained it has failed.
class NonFinitePrediction : public Error {
 public:
  using Error::Error;
};

// Everything a grid point's training shares with the others (read-only while training).
struct TrainingSetup {
  PredictionHead head;
  const TaskScores* scores = nullptr;
  bool use_scoring_for_early_stopping = true;
  bool event_task = false;  // event lists scored after post-processing (not accdoa)
  bool accdoa = false;      // frame-wise directions scored with SELD / OldSELD
  scores::SeldParams seld;  // accdoa
  // lek's --random-probe: every training row takes the target of a row drawn at random, afresh
  // each epoch; valid and test keep their targets.
  bool random_probe = false;
  std::vector<PostprocessingConfig> postprocessing;  // event tasks
  std::vector<std::string> class_labels;             // event tasks: idx -> label
  int64_t input_dim = 0;
  int64_t outputs = 0;
  torch::Device device = torch::kCPU;

  bool maximize() const;  // direction of the monitored value
};

// One evaluation pass over a split.
struct SplitEvaluation {
  double loss = 0.0;
  // "score", "<name>", "<name>_<sub>" in the kits' order, values rounded as the kits log them.
  std::vector<std::pair<std::string, double>> metrics;
  double monitored = 0.0;              // primary score, or the loss without scoring
  std::optional<size_t> postprocessing;  // event tasks: the config used
  torch::Tensor predictions;  // with scores: post-activation outputs on the CPU (N, C)
  torch::Tensor logits;       // with scores: the outputs before the activation, CPU (N, C)
  FileEvents events;          // with scores, event tasks: the post-processed events
  std::map<std::string, std::vector<scores::PredictedDoa>> doas;  // with scores, accdoa tasks
};

// Full pass in eval mode in batches of `batch_size`. With `with_scores` false only the loss is
// computed (the kits' use_scoring_for_early_stopping = false). For event tasks without a fixed
// config the post-processing grid is searched with the primary score (NaN counts as 0).
// A NaN or infinite prediction throws NonFinitePrediction naming the clip.
SplitEvaluation evaluate_split(MlpPredictor& model, const EvaluationSplit& split, const TrainingSetup& setup,
                               int64_t batch_size, bool with_scores, std::optional<size_t> fixed_postprocessing);

// Scores a split's post-activation outputs (N, C) as evaluate_split does after its forward pass,
// for probes without a model (the kNN probe). loss is NaN and logits are the outputs themselves.
SplitEvaluation score_split_outputs(const torch::Tensor& outputs, const EvaluationSplit& split,
                                    const TrainingSetup& setup, std::optional<size_t> fixed_postprocessing);

// Kit-style keys: "<prefix>_loss", "<prefix>_score", "<prefix>_<name>"...
nlohmann::ordered_json metrics_json(const SplitEvaluation& evaluation, const std::string& prefix);

struct GridPointOutcome {
  int64_t best_epoch = -1;       // 0-based, as the kits report it
  double validation_score = 0.0;  // best monitored value (NaN stored as -inf/+inf)
  double time_in_min = 0.0;
  int64_t epochs_trained = 0;
  int64_t validations = 0;
  std::optional<size_t> postprocessing;  // event tasks: config chosen at the best epoch
  std::vector<torch::Tensor> best_state;  // parameters then buffers, as named_parameters/buffers
  // Non-empty when a validation gave a non-finite prediction: which clip, at which epoch. The
  // training stopped there and its result must not be used.
  std::string failure;
};

struct TrainingHooks {
  std::function<void()> checkpoint;                              // throws to stop (cancel)
  std::function<void(int64_t epoch, int64_t max_epochs)> on_epoch;  // after each epoch
};

MlpPredictor make_predictor(const HyperParams& hp, const TrainingSetup& setup, uint64_t seed);

// A non-finite validation prediction ends the training with `failure` set (not an exception).
GridPointOutcome train_grid_point(const HyperParams& hp, uint64_t seed, const RowBlocks& train,
                                  const EvaluationSplit& valid, const TrainingSetup& setup,
                                  const TrainingHooks& hooks);

// Puts a stored state back into a predictor built with the same hyper-parameters.
void load_state(MlpPredictor& model, const std::vector<torch::Tensor>& state);

}  // namespace gramt::eval::predict

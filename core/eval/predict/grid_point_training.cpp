#include "core/eval/predict/grid_point_training.h"

#include <chrono>
#include <cmath>
#include <limits>

#include <torch/optim/adam.h>

#include "core/common/error.h"

namespace gramt::eval::predict {

void RowBlocks::add(torch::Tensor embeddings, torch::Tensor targets) {
  starts_.push_back(rows_);
  rows_ += embeddings.size(0);
  embeddings_.push_back(std::move(embeddings));
  targets_.push_back(std::move(targets));
}

std::pair<torch::Tensor, torch::Tensor> RowBlocks::slice(int64_t begin, int64_t end) const {
  std::vector<torch::Tensor> xs;
  std::vector<torch::Tensor> ys;
  for (size_t b = 0; b < embeddings_.size(); ++b) {
    const int64_t block_begin = starts_[b];
    const int64_t block_end = block_begin + embeddings_[b].size(0);
    const int64_t lo = std::max(begin, block_begin);
    const int64_t hi = std::min(end, block_end);
    if (lo >= hi) continue;
    xs.push_back(embeddings_[b].slice(0, lo - block_begin, hi - block_begin));
    ys.push_back(targets_[b].slice(0, lo - block_begin, hi - block_begin));
  }
  if (xs.size() == 1) return {xs[0], ys[0]};
  return {torch::cat(xs), torch::cat(ys)};
}

torch::Tensor RowBlocks::all_targets() const {
  if (targets_.size() == 1) return targets_.front();
  return torch::cat(targets_);
}

bool TrainingSetup::maximize() const {
  if (!use_scoring_for_early_stopping) return false;  // val_loss
  return scores->front()->maximize();
}

namespace {

double as_logged(double value, bool float32) {
  return float32 ? static_cast<double>(static_cast<float>(value)) : value;
}

void append_score(std::vector<std::pair<std::string, double>>& metrics, const TaskScore& score,
                  const ScoreValue& value) {
  const bool f32 = score.logged_as_float32();
  metrics.emplace_back(score.name(), as_logged(value.primary(), f32));
  if (value.is_tuple) {
    for (const auto& [sub, v] : value.parts) metrics.emplace_back(score.name() + "_" + sub, as_logged(v, f32));
  }
  for (const auto& [key, v] : value.extras) metrics.emplace_back(key, as_logged(v, f32));
}

// NaN never wins the post-processing search (the kit replaces it by 0).
double nan_as_zero(double v) { return std::isnan(v) ? 0.0 : v; }

// Throws NonFinitePrediction for the first row whose outputs hold NaN or infinity. The logits are
// checked, not the activations: a diverged probe's infinite logit turns into a harmless-looking
// 0 or 1 after sigmoid or tanh, and every activation of finite logits is finite.
void check_finite(const torch::Tensor& logits, const EvaluationSplit& split) {
  const torch::Tensor bad_rows = torch::logical_not(torch::isfinite(logits)).any(1);
  if (!bad_rows.any().item<bool>()) return;
  const int64_t row = bad_rows.nonzero().min().item<int64_t>();
  const torch::Tensor values = logits[row].to(torch::kCPU, torch::kDouble).contiguous();
  double value = 0.0;
  for (int64_t k = 0; k < values.numel(); ++k) {
    value = values.data_ptr<double>()[k];
    if (!std::isfinite(value)) break;
  }
  const std::string where = split.describe_row ? split.describe_row(row)
                                               : "row " + std::to_string(row) + " of split " + split.name;
  throw NonFinitePrediction("non-finite prediction (output " + std::string(std::isnan(value) ? "NaN" : value > 0 ? "+inf" : "-inf") +
                            ") for " + where);
}

}  // namespace

SplitEvaluation evaluate_split(MlpPredictor& model, const EvaluationSplit& split, const TrainingSetup& setup,
                               int64_t batch_size, bool with_scores, std::optional<size_t> fixed_postprocessing) {
  torch::NoGradGuard no_grad;
  model->eval();
  std::vector<torch::Tensor> chunks;
  const int64_t rows = split.embeddings.size(0);
  for (int64_t begin = 0; begin < rows; begin += batch_size) {
    chunks.push_back(model->forward(split.embeddings.slice(0, begin, std::min(rows, begin + batch_size))));
  }
  const torch::Tensor logits = torch::cat(chunks);
  check_finite(logits, split);
  const double loss = static_cast<double>(setup.head.loss(logits, split.targets).item<float>());
  if (!with_scores) {
    SplitEvaluation result;
    result.loss = loss;
    if (setup.event_task && fixed_postprocessing) result.postprocessing = fixed_postprocessing;
    result.monitored = result.loss;
    return result;
  }
  SplitEvaluation result = score_split_outputs(setup.head.activation(logits), split, setup, fixed_postprocessing);
  result.loss = loss;
  result.logits = logits.to(torch::kCPU).contiguous();
  return result;
}

SplitEvaluation score_split_outputs(const torch::Tensor& outputs, const EvaluationSplit& split,
                                    const TrainingSetup& setup, std::optional<size_t> fixed_postprocessing) {
  SplitEvaluation result;
  result.loss = std::nan("");
  if (setup.event_task && fixed_postprocessing) result.postprocessing = fixed_postprocessing;
  const torch::Tensor predictions = outputs.to(torch::kCPU, torch::kFloat32).contiguous();
  const torch::Tensor targets = split.targets.to(torch::kCPU).contiguous();
  const TaskScores& scores = *setup.scores;
  const TaskScore& primary = *scores.front();
  std::vector<ScoreValue> values;
  if (setup.accdoa) {
    scores::SeldScoreInputs inputs;
    inputs.predicted = accdoa_predicted_doas(predictions.data_ptr<float>(), predictions.size(1) / 3, *split.frames);
    inputs.reference = split.doa->by_file;
    inputs.classes = predictions.size(1) / 3;
    inputs.block_frames = split.doa->block_frames;
    inputs.max_frames = split.doa->max_frames;
    inputs.params = setup.seld;
    for (const auto& score : scores) values.push_back(score->score_doas(inputs));
    result.doas = std::move(inputs.predicted);
  } else if (!setup.event_task) {
    for (const auto& score : scores) {
      values.push_back(score->score_matrix(predictions.data_ptr<float>(), targets.data_ptr<float>(),
                                           predictions.size(0), predictions.size(1)));
    }
  } else {
    const float* probs = predictions.data_ptr<float>();
    const int64_t classes = predictions.size(1);
    size_t chosen = fixed_postprocessing.value_or(0);
    if (!fixed_postprocessing) {
      double best_score = -std::numeric_limits<double>::infinity();
      for (size_t i = 0; i < setup.postprocessing.size(); ++i) {
        const FileEvents events = frames_to_events(probs, classes, *split.frames, setup.postprocessing[i], setup.class_labels);
        const double s = nan_as_zero(primary.score_events(events, *split.reference).primary());
        const auto& a = setup.postprocessing[i];
        const auto& b = setup.postprocessing[chosen];
        // Descending by (score, median_filter_ms, min_duration): ties go to the larger config.
        const bool better = i == 0 || s > best_score ||
                            (s == best_score && std::make_pair(a.median_filter_ms, a.min_duration_ms) >
                                                    std::make_pair(b.median_filter_ms, b.min_duration_ms));
        if (better) {
          best_score = s;
          chosen = i;
        }
      }
    }
    result.postprocessing = chosen;
    const FileEvents events = frames_to_events(probs, classes, *split.frames, setup.postprocessing[chosen], setup.class_labels);
    for (const auto& score : scores) values.push_back(score->score_events(events, *split.reference));
    result.events = events;
  }
  result.predictions = predictions;
  result.logits = predictions;  // without a model, the outputs stand for the logits
  result.monitored = as_logged(values.front().primary(), primary.logged_as_float32());
  result.metrics.emplace_back("score", result.monitored);
  for (size_t i = 0; i < scores.size(); ++i) append_score(result.metrics, *scores[i], values[i]);
  return result;
}

nlohmann::ordered_json metrics_json(const SplitEvaluation& evaluation, const std::string& prefix) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  out[prefix + "_loss"] = evaluation.loss;
  for (const auto& [key, value] : evaluation.metrics) out[prefix + "_" + key] = value;
  return out;
}

MlpPredictor make_predictor(const HyperParams& hp, const TrainingSetup& setup, uint64_t seed) {
  MlpPredictor model(setup.input_dim, setup.outputs, hp, seed, setup.device);
  model->to(setup.device);
  return model;
}

namespace {

std::vector<torch::Tensor> snapshot(MlpPredictor& model) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> state;
  for (const auto& p : model->parameters()) state.push_back(p.detach().clone());
  for (const auto& b : model->buffers()) state.push_back(b.detach().clone());
  return state;
}

}  // namespace

void load_state(MlpPredictor& model, const std::vector<torch::Tensor>& state) {
  torch::NoGradGuard no_grad;
  size_t i = 0;
  for (auto& p : model->parameters()) p.copy_(state.at(i++));
  for (auto& b : model->buffers()) b.copy_(state.at(i++));
  if (i != state.size()) throw Error("internal: stored predictor state does not fit the predictor");
}

GridPointOutcome train_grid_point(const HyperParams& hp, uint64_t seed, const RowBlocks& train,
                                  const EvaluationSplit& valid, const TrainingSetup& setup,
                                  const TrainingHooks& hooks) {
  const auto started = std::chrono::steady_clock::now();
  MlpPredictor model = make_predictor(hp, setup, seed);
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(hp.lr));
  const bool maximize = setup.maximize();
  const bool has_batch_norm = hp.hidden_layers > 0;
  const std::optional<size_t> fixed_postprocessing =
      setup.event_task && !setup.use_scoring_for_early_stopping ? std::optional<size_t>(0) : std::nullopt;

  // The random probe's draws come from their own generator, so they do not move the model's.
  at::Generator probe_generator = make_seeded_generator(torch::kCPU, seed ^ 0x5eedc0de5eedc0deULL);
  const torch::Tensor all_targets = setup.random_probe ? train.all_targets() : torch::Tensor();

  GridPointOutcome outcome;
  double best = maximize ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  int64_t validations_without_improvement = 0;
  const int64_t rows = train.rows();
  for (int64_t epoch = 0; epoch < hp.max_epochs; ++epoch) {
    if (hooks.checkpoint) hooks.checkpoint();
    model->train();
    torch::Tensor drawn;  // random probe: the row whose target each training row takes this epoch
    if (setup.random_probe) {
      drawn = torch::randint(0, rows, {rows}, probe_generator, torch::TensorOptions(torch::kLong)).to(all_targets.device());
    }
    for (int64_t begin = 0; begin < rows; begin += hp.batch_size) {
      const int64_t end = std::min(rows, begin + hp.batch_size);
      // BatchNorm cannot train on one row (the kit crashes there); that row is left out.
      if (has_batch_norm && end - begin == 1) continue;
      auto [x, y] = train.slice(begin, end);
      if (setup.random_probe) y = all_targets.index_select(0, drawn.slice(0, begin, end));
      optimizer.zero_grad();
      torch::Tensor loss = setup.head.loss(model->forward(x), y);
      loss.backward();
      optimizer.step();
    }
    ++outcome.epochs_trained;
    bool stop = false;
    if ((epoch + 1) % hp.check_val_every_n_epoch == 0) {
      SplitEvaluation evaluation;
      try {
        evaluation = evaluate_split(model, valid, setup, hp.batch_size, setup.use_scoring_for_early_stopping,
                                    fixed_postprocessing);
      } catch (const NonFinitePrediction& e) {
        outcome.failure = std::string(e.what()) + " at epoch " + std::to_string(epoch);
        outcome.validation_score = std::nan("");
        outcome.time_in_min = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() / 60.0;
        if (hooks.on_epoch) hooks.on_epoch(epoch, hp.max_epochs);
        return outcome;
      }
      ++outcome.validations;
      const double current = evaluation.monitored;
      const double stored = std::isnan(current) ? (maximize ? -std::numeric_limits<double>::infinity()
                                                            : std::numeric_limits<double>::infinity())
                                                : current;
      const bool improved = outcome.best_epoch < 0 || (maximize ? stored > best : stored < best);
      if (improved) {
        best = stored;
        outcome.best_epoch = epoch;
        outcome.validation_score = stored;
        outcome.postprocessing = evaluation.postprocessing;
        outcome.best_state = snapshot(model);
        validations_without_improvement = 0;
      } else {
        ++validations_without_improvement;
      }
      // Lightning's EarlyStopping: a non-finite value stops at once, otherwise patience counts validations.
      // The random probe trains without early stopping (lek).
      stop = !std::isfinite(current) || (!setup.random_probe && validations_without_improvement >= hp.patience);
    }
    if (hooks.on_epoch) hooks.on_epoch(epoch, hp.max_epochs);
    if (stop) break;
  }
  if (outcome.best_epoch < 0) {
    // Fewer epochs than the validation cadence: nothing was validated; keep the last weights.
    outcome.best_epoch = outcome.epochs_trained - 1;
    outcome.validation_score = std::nan("");
    outcome.best_state = snapshot(model);
    if (setup.event_task) outcome.postprocessing = fixed_postprocessing.value_or(0);
  }
  outcome.time_in_min =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() / 60.0;
  return outcome;
}

}  // namespace gramt::eval::predict

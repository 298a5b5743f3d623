#include "core/eval/predict/prediction_head.h"

#include <cmath>

#include <torch/nn/functional/loss.h>

#include "core/common/error.h"
#include "core/eval/format/python_json.h"

namespace gramt::eval::predict {

namespace F = torch::nn::functional;

PredictionHead make_prediction_head(const std::string& prediction_type, const std::string& source, KitFlavour kit) {
  // The names are the task metadata's (format/task_metadata.h owns them); here only what each
  // form trains like.
  const auto type = format::parse_prediction_type(prediction_type);
  if (!type) throw Error(source + ": unknown prediction_type '" + prediction_type + "'");
  using format::PredictionType;
  PredictionHead head;
  head.prediction_type = prediction_type;
  switch (*type) {
    case PredictionType::multiclass: head.kind = HeadKind::multiclass; break;
    case PredictionType::multilabel: head.kind = HeadKind::multilabel; break;
    case PredictionType::accdoa: head.kind = HeadKind::accdoa; break;
    case PredictionType::polar_classification: head.kind = HeadKind::multiclass; break;
    case PredictionType::polar_regression:
      head.kind = kit == KitFlavour::listen ? HeadKind::regression_tanh : HeadKind::regression_identity;
      break;
    case PredictionType::cartesian_regression:
    case PredictionType::cartesian_z_regression:
    case PredictionType::distance_regression: head.kind = HeadKind::regression_tanh; break;
  }
  head.localization = *type != PredictionType::multiclass && *type != PredictionType::multilabel &&
                      *type != PredictionType::accdoa;
  head.absolute_targets = *type == PredictionType::distance_regression;
  return head;
}

torch::Tensor PredictionHead::activation(const torch::Tensor& logits) const {
  switch (kind) {
    case HeadKind::multiclass: return torch::softmax(logits, 1);
    case HeadKind::multilabel: return torch::sigmoid(logits);
    case HeadKind::regression_tanh:
    case HeadKind::accdoa: return torch::tanh(logits);
    case HeadKind::regression_identity: return logits;
  }
  return logits;
}

torch::Tensor PredictionHead::loss(const torch::Tensor& logits, const torch::Tensor& targets) const {
  switch (kind) {
    case HeadKind::multiclass: return F::cross_entropy(logits, targets.argmax(1));
    case HeadKind::multilabel: return F::binary_cross_entropy_with_logits(logits, targets);
    case HeadKind::regression_tanh:
    case HeadKind::accdoa: return F::mse_loss(torch::tanh(logits), targets);
    case HeadKind::regression_identity: return F::mse_loss(logits, targets);
  }
  return logits.sum();
}

namespace {

torch::Tensor encode_class_targets(const nlohmann::json& rows, const PredictionHead& head,
                                   const format::LabelVocabulary& vocabulary, const std::string& source) {
  const auto n = static_cast<int64_t>(rows.size());
  const auto c = static_cast<int64_t>(vocabulary.labels.size());
  torch::Tensor targets = torch::zeros({n, c}, torch::kFloat32);
  float* data = targets.data_ptr<float>();
  for (int64_t i = 0; i < n; ++i) {
    const auto& labels = rows[static_cast<size_t>(i)];
    if (!labels.is_array()) throw Error(source + ": row " + std::to_string(i) + " is not a list of labels");
    for (const auto& label : labels) {
      const std::string text = format::python_label_string(label);
      auto it = vocabulary.index_of.find(text);
      if (it == vocabulary.index_of.end()) {
        throw Error(source + ": row " + std::to_string(i) + " has label '" + text +
                    "' which is not in labelvocabulary.csv");
      }
      data[i * c + it->second] = 1.0f;
    }
    if (head.kind == HeadKind::multiclass) {
      float sum = 0.0f;
      for (int64_t k = 0; k < c; ++k) sum += data[i * c + k];
      if (sum != 1.0f) {
        throw Error(source + ": row " + std::to_string(i) + " has " + std::to_string(static_cast<int>(sum)) +
                    " distinct labels; a multiclass task needs exactly one");
      }
    }
  }
  return targets;
}

torch::Tensor encode_vector_targets(const nlohmann::json& rows, const PredictionHead& head,
                                    const std::string& source) {
  const auto n = static_cast<int64_t>(rows.size());
  if (n == 0) throw Error(source + ": no label rows");
  const auto& first = rows[0];
  if (!first.is_array() || first.empty()) {
    throw Error(source + ": row 0 must be a non-empty coordinate vector for " + head.prediction_type);
  }
  const auto k = static_cast<int64_t>(first.size());
  torch::Tensor targets = torch::empty({n, k}, torch::kFloat32);
  float* data = targets.data_ptr<float>();
  for (int64_t i = 0; i < n; ++i) {
    const auto& vec = rows[static_cast<size_t>(i)];
    if (!vec.is_array() || static_cast<int64_t>(vec.size()) != k) {
      throw Error(source + ": row " + std::to_string(i) + " is not a coordinate vector of length " +
                  std::to_string(k) + " like row 0");
    }
    for (int64_t j = 0; j < k; ++j) {
      const auto& v = vec[static_cast<size_t>(j)];
      if (!v.is_number()) throw Error(source + ": row " + std::to_string(i) + " has a non-numeric coordinate");
      // Integer coordinates are trained as floats (listen-eval-kit fails on them).
      const double value = v.get<double>();
      data[i * k + j] = static_cast<float>(head.absolute_targets ? std::fabs(value) : value);
    }
    if (head.kind == HeadKind::multiclass) {
      float sum = 0.0f;
      for (int64_t j = 0; j < k; ++j) sum += data[i * k + j];
      if (sum != 1.0f) throw Error(source + ": row " + std::to_string(i) + " is not one-hot (" + head.prediction_type + ")");
    }
  }
  return targets;
}

// Each row: a list of [label, [azimuth_deg, elevation_deg]] entries (the kit's frame labels).
torch::Tensor encode_accdoa_targets(const nlohmann::json& rows, const format::LabelVocabulary& vocabulary,
                                    const std::string& source) {
  const auto n = static_cast<int64_t>(rows.size());
  const auto c = static_cast<int64_t>(vocabulary.labels.size());
  torch::Tensor targets = torch::zeros({n, 3 * c}, torch::kFloat32);
  float* data = targets.data_ptr<float>();
  constexpr double kRadiansPerDegree = 3.14159265358979323846 / 180.0;
  for (int64_t i = 0; i < n; ++i) {
    const auto& entries = rows[static_cast<size_t>(i)];
    const std::string where = source + ": row " + std::to_string(i);
    if (!entries.is_array()) throw Error(where + " is not a list of [label, [azimuth, elevation]] entries");
    for (const auto& entry : entries) {
      if (!entry.is_array() || entry.size() != 2 || !entry[1].is_array() || entry[1].size() != 2 ||
          !entry[1][0].is_number() || !entry[1][1].is_number()) {
        throw Error(where + " has the entry " + entry.dump() +
                    "; accdoa needs [label, [azimuth_deg, elevation_deg]] (embed the task with its directions)");
      }
      const std::string text = format::python_label_string(entry[0]);
      auto it = vocabulary.index_of.find(text);
      if (it == vocabulary.index_of.end()) {
        throw Error(where + " has label '" + text + "' which is not in labelvocabulary.csv");
      }
      const double az = entry[1][0].get<double>() * kRadiansPerDegree;
      const double el = entry[1][1].get<double>() * kRadiansPerDegree;
      float* v = data + i * 3 * c + 3 * it->second;
      v[0] = static_cast<float>(std::cos(az) * std::cos(el));
      v[1] = static_cast<float>(std::sin(az) * std::cos(el));
      v[2] = static_cast<float>(std::sin(el));
    }
  }
  return targets;
}

}  // namespace

torch::Tensor encode_targets(const nlohmann::json& row_labels, const PredictionHead& head,
                             const format::LabelVocabulary& vocabulary, const std::string& source) {
  if (!row_labels.is_array()) throw Error(source + ": label rows must be a list");
  if (head.localization) return encode_vector_targets(row_labels, head, source);
  if (head.kind == HeadKind::accdoa) return encode_accdoa_targets(row_labels, vocabulary, source);
  return encode_class_targets(row_labels, head, vocabulary, source);
}

}  // namespace gramt::eval::predict

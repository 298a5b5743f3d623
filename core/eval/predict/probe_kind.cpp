#include "core/eval/predict/probe_kind.h"

#include "core/common/error.h"

namespace gramt::eval::predict {

ProbeKind parse_probe_kind(const std::string& name) {
  if (name == "mlp") return ProbeKind::mlp;
  if (name == "knn") return ProbeKind::knn;
  throw Error("--probe: '" + name + "' is not mlp or knn");
}

std::string probe_kind_string(ProbeKind probe) { return probe == ProbeKind::knn ? "knn" : "mlp"; }

KnnDistance parse_knn_distance(const std::string& name) {
  if (name == "cosine") return KnnDistance::cosine;
  if (name == "euclidean") return KnnDistance::euclidean;
  throw Error("--knn-distance: '" + name + "' is not cosine or euclidean");
}

std::string knn_distance_string(KnnDistance distance) {
  return distance == KnnDistance::euclidean ? "euclidean" : "cosine";
}

}  // namespace gramt::eval::predict

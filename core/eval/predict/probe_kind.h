#pragma once
// Which probe reads a task's embeddings: the kits' MLP (grid search, training per fold) or a
// k-nearest-neighbour vote (no training; knn_probe.h). Each writes its own files, so the two
// results sit side by side in one task folder.
#include <string>

namespace gramt::eval::predict {

enum class ProbeKind { mlp, knn };

ProbeKind parse_probe_kind(const std::string& name);  // "mlp" | "knn"; gramt::Error otherwise
std::string probe_kind_string(ProbeKind probe);

// How a distance between two embeddings is measured by the kNN probe.
enum class KnnDistance { cosine, euclidean };

KnnDistance parse_knn_distance(const std::string& name);  // "cosine" | "euclidean"
std::string knn_distance_string(KnnDistance distance);

}  // namespace gramt::eval::predict

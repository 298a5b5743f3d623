#pragma once
// Size of a maximum matching in a bipartite graph (Hopcroft-Karp), as sed_eval's optimal event
// matching needs: only the number of matched pairs enters its scores, and every maximum matching
// has the same size.
#include <cstdint>
#include <vector>

namespace gramt::eval::scores {

// Left vertex u is adjacent to right vertices targets[offsets[u] .. offsets[u + 1]).
struct BipartiteGraph {
  int32_t left_count = 0;
  int32_t right_count = 0;
  std::vector<int32_t> offsets{0};
  std::vector<int32_t> targets;
};

int64_t maximum_matching_size(const BipartiteGraph& graph);

}  // namespace gramt::eval::scores

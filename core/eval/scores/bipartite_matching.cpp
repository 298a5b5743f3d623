#include "core/eval/scores/bipartite_matching.h"

#include <cstddef>
#include <limits>

namespace gramt::eval::scores {
namespace {

constexpr int32_t kUnreached = std::numeric_limits<int32_t>::max();
constexpr int32_t kFree = -1;

class HopcroftKarp {
 public:
  explicit HopcroftKarp(const BipartiteGraph& graph)
      : g_(graph),
        match_left_(static_cast<std::size_t>(graph.left_count), kFree),
        match_right_(static_cast<std::size_t>(graph.right_count), kFree),
        layer_(static_cast<std::size_t>(graph.left_count)),
        next_edge_(static_cast<std::size_t>(graph.left_count)) {}

  int64_t run() {
    int64_t size = greedy_start();
    while (build_layers()) {
      for (int32_t u = 0; u < g_.left_count; ++u) next_edge_[u] = g_.offsets[u];
      for (int32_t u = 0; u < g_.left_count; ++u) {
        if (match_left_[u] == kFree && augment_from(u)) ++size;
      }
    }
    return size;
  }

 private:
  // Most pairs are found by a first greedy pass; the phases then only repair the rest.
  int64_t greedy_start() {
    int64_t size = 0;
    for (int32_t u = 0; u < g_.left_count; ++u) {
      for (int32_t e = g_.offsets[u]; e < g_.offsets[u + 1]; ++e) {
        const int32_t v = g_.targets[e];
        if (match_right_[v] == kFree) {
          match_left_[u] = v;
          match_right_[v] = u;
          ++size;
          break;
        }
      }
    }
    return size;
  }

  // Breadth-first layering from the free left vertices; true when a free right vertex is reachable.
  bool build_layers() {
    std::vector<int32_t> queue;
    for (int32_t u = 0; u < g_.left_count; ++u) {
      layer_[u] = match_left_[u] == kFree ? 0 : kUnreached;
      if (match_left_[u] == kFree) queue.push_back(u);
    }
    bool reachable = false;
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const int32_t u = queue[head];
      for (int32_t e = g_.offsets[u]; e < g_.offsets[u + 1]; ++e) {
        const int32_t w = match_right_[g_.targets[e]];
        if (w == kFree) {
          reachable = true;
        } else if (layer_[w] == kUnreached) {
          layer_[w] = layer_[u] + 1;
          queue.push_back(w);
        }
      }
    }
    return reachable;
  }

  // Depth-first search along the layers with an explicit stack (no recursion depth limit).
  bool augment_from(int32_t root) {
    std::vector<int32_t> path{root};
    while (!path.empty()) {
      const int32_t u = path.back();
      if (next_edge_[u] == g_.offsets[u + 1]) {
        layer_[u] = kUnreached;  // dead end for the rest of this phase
        path.pop_back();
        continue;
      }
      const int32_t v = g_.targets[next_edge_[u]];
      const int32_t w = match_right_[v];
      if (w == kFree) {
        for (const int32_t x : path) {
          const int32_t y = g_.targets[next_edge_[x]];
          match_left_[x] = y;
          match_right_[y] = x;
        }
        return true;
      }
      if (layer_[w] == layer_[u] + 1) {
        path.push_back(w);
      } else {
        ++next_edge_[u];
      }
    }
    return false;
  }

  const BipartiteGraph& g_;
  std::vector<int32_t> match_left_, match_right_, layer_, next_edge_;
};

}  // namespace

int64_t maximum_matching_size(const BipartiteGraph& graph) { return HopcroftKarp(graph).run(); }

}  // namespace gramt::eval::scores

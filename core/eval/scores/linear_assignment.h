#pragma once
// Minimum-cost assignment for a rectangular cost matrix (scipy.optimize.linear_sum_assignment):
// min(rows, cols) pairs, each row and column used at most once, total cost minimal. Solved with
// the shortest augmenting path method (Jonker-Volgenant / Crouse) with scipy's search order and tie
// rule (lowest reduced cost, an unassigned column first), so that among equal-cost assignments the
// same pairs are chosen: SELD averages distances per matched reference track.
#include <cstdint>
#include <vector>

namespace gramt::eval::scores {

struct Assignment {
  std::vector<int64_t> rows;  // ascending
  std::vector<int64_t> cols;  // cols[k] is assigned to rows[k]
};

// cost: rows x cols, row-major, finite.
Assignment linear_sum_assignment(const std::vector<double>& cost, int64_t rows, int64_t cols);

}  // namespace gramt::eval::scores

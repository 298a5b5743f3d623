#include "core/eval/scores/linear_assignment.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace gramt::eval::scores {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Solves for n_rows <= n_cols; returns the column of every row.
std::vector<int64_t> solve_wide(const std::vector<double>& cost, int64_t n_rows, int64_t n_cols) {
  std::vector<double> u(static_cast<size_t>(n_rows), 0.0), v(static_cast<size_t>(n_cols), 0.0);
  std::vector<double> path_cost(static_cast<size_t>(n_cols));
  std::vector<int64_t> path(static_cast<size_t>(n_cols), -1);
  std::vector<int64_t> col_of_row(static_cast<size_t>(n_rows), -1), row_of_col(static_cast<size_t>(n_cols), -1);
  std::vector<char> row_seen(static_cast<size_t>(n_rows)), col_seen(static_cast<size_t>(n_cols));
  std::vector<int64_t> unvisited(static_cast<size_t>(n_cols));

  for (int64_t start = 0; start < n_rows; ++start) {
    // Dijkstra-like search for the cheapest augmenting path from row `start` to a free column.
    int64_t remaining = n_cols;
    for (int64_t k = 0; k < n_cols; ++k) unvisited[static_cast<size_t>(k)] = n_cols - k - 1;
    std::fill(row_seen.begin(), row_seen.end(), 0);
    std::fill(col_seen.begin(), col_seen.end(), 0);
    std::fill(path_cost.begin(), path_cost.end(), kInf);
    double reached = 0.0;
    int64_t row = start, sink = -1;
    while (sink == -1) {
      row_seen[static_cast<size_t>(row)] = 1;
      int64_t best_slot = -1;
      double lowest = kInf;
      for (int64_t slot = 0; slot < remaining; ++slot) {
        const int64_t col = unvisited[static_cast<size_t>(slot)];
        const double reduced = reached + cost[static_cast<size_t>(row * n_cols + col)] - u[static_cast<size_t>(row)] -
                               v[static_cast<size_t>(col)];
        if (reduced < path_cost[static_cast<size_t>(col)]) {
          path[static_cast<size_t>(col)] = row;
          path_cost[static_cast<size_t>(col)] = reduced;
        }
        const double c = path_cost[static_cast<size_t>(col)];
        if (c < lowest || (c == lowest && row_of_col[static_cast<size_t>(col)] == -1)) {
          lowest = c;
          best_slot = slot;
        }
      }
      reached = lowest;
      const int64_t col = unvisited[static_cast<size_t>(best_slot)];
      col_seen[static_cast<size_t>(col)] = 1;
      unvisited[static_cast<size_t>(best_slot)] = unvisited[static_cast<size_t>(--remaining)];
      if (row_of_col[static_cast<size_t>(col)] == -1) {
        sink = col;
      } else {
        row = row_of_col[static_cast<size_t>(col)];
      }
    }
    // Update the dual variables, then flip the path.
    u[static_cast<size_t>(start)] += reached;
    for (int64_t r = 0; r < n_rows; ++r) {
      if (row_seen[static_cast<size_t>(r)] && r != start)
        u[static_cast<size_t>(r)] += reached - path_cost[static_cast<size_t>(col_of_row[static_cast<size_t>(r)])];
    }
    for (int64_t c = 0; c < n_cols; ++c) {
      if (col_seen[static_cast<size_t>(c)]) v[static_cast<size_t>(c)] -= reached - path_cost[static_cast<size_t>(c)];
    }
    for (int64_t col = sink;;) {
      const int64_t r = path[static_cast<size_t>(col)];
      row_of_col[static_cast<size_t>(col)] = r;
      std::swap(col_of_row[static_cast<size_t>(r)], col);
      if (r == start) break;
    }
  }
  return col_of_row;
}

}  // namespace

Assignment linear_sum_assignment(const std::vector<double>& cost, int64_t rows, int64_t cols) {
  Assignment result;
  if (rows == 0 || cols == 0) return result;
  if (rows <= cols) {
    const auto col_of_row = solve_wide(cost, rows, cols);
    for (int64_t r = 0; r < rows; ++r) {
      result.rows.push_back(r);
      result.cols.push_back(col_of_row[static_cast<size_t>(r)]);
    }
    return result;
  }
  // More rows than columns: solve the transposed problem, then list the pairs by row.
  std::vector<double> transposed(cost.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      transposed[static_cast<size_t>(c * rows + r)] = cost[static_cast<size_t>(r * cols + c)];
  const auto row_of_col = solve_wide(transposed, cols, rows);
  std::vector<int64_t> order(static_cast<size_t>(cols));
  std::iota(order.begin(), order.end(), int64_t{0});
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return row_of_col[static_cast<size_t>(a)] < row_of_col[static_cast<size_t>(b)];
  });
  for (int64_t c : order) {
    result.rows.push_back(row_of_col[static_cast<size_t>(c)]);
    result.cols.push_back(c);
  }
  return result;
}

}  // namespace gramt::eval::scores

#include "core/model/attention_maps.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "core/common/error.h"

namespace gramt::model {

void validate_attention_maps(const AttentionMaps& m) {
  const auto fail = [](const std::string& what) { throw Error("attention maps: " + what); };
  if (m.layers <= 0 || m.heads <= 0) fail("layers and heads must be positive");
  if (m.grid_rows <= 0 || m.grid_cols <= 0) fail("grid_rows and grid_cols must be positive");
  if (m.tokens != m.grid_rows * m.grid_cols + (m.has_cls ? 1 : 0))
    fail("tokens (" + std::to_string(m.tokens) + ") must be grid_rows · grid_cols" + (m.has_cls ? " + 1 (CLS)" : ""));
  if (m.weights.size() != static_cast<size_t>(m.layers * m.heads * m.tokens * m.tokens))
    fail("weights hold " + std::to_string(m.weights.size()) + " values, expected layers · heads · tokens² = " +
         std::to_string(m.layers * m.heads * m.tokens * m.tokens));
}

std::vector<HeadSummary> summarise_heads(const AttentionMaps& m) {
  validate_attention_maps(m);
  const int64_t first_patch = m.has_cls ? 1 : 0;
  std::vector<HeadSummary> out;
  out.reserve(static_cast<size_t>(m.layers * m.heads));
  for (int64_t l = 0; l < m.layers; ++l) {
    for (int64_t h = 0; h < m.heads; ++h) {
      HeadSummary s;
      s.layer = l;
      s.head = h;
      double entropy = 0;
      for (int64_t q = 0; q < m.tokens; ++q) {
        const float* row = m.row(l, h, q);
        for (int64_t k = 0; k < m.tokens; ++k)
          if (row[k] > 0) entropy -= static_cast<double>(row[k]) * std::log(static_cast<double>(row[k]));
      }
      s.entropy = entropy / static_cast<double>(m.tokens);
      double dt = 0, df = 0, to_cls = 0;
      int64_t counted = 0;
      for (int64_t q = first_patch; q < m.tokens; ++q) {
        const float* row = m.row(l, h, q);
        const int64_t qr = m.row_of(q), qc = m.col_of(q);
        double mass = 0, t_sum = 0, f_sum = 0;
        for (int64_t k = first_patch; k < m.tokens; ++k) {
          const double w = row[k];
          mass += w;
          t_sum += w * static_cast<double>(std::llabs(m.col_of(k) - qc));
          f_sum += w * static_cast<double>(std::llabs(m.row_of(k) - qr));
        }
        if (m.has_cls) to_cls += row[0];
        if (mass <= 0) continue;  // a query that looks only at CLS has no distance on the grid
        dt += t_sum / mass;
        df += f_sum / mass;
        ++counted;
      }
      if (counted > 0) {
        s.distance_time_s = dt / static_cast<double>(counted) * m.patch_seconds;
        s.distance_freq_patches = df / static_cast<double>(counted);
      }
      const int64_t patches = m.tokens - first_patch;
      s.attention_to_cls = m.has_cls ? to_cls / static_cast<double>(patches) : 0.0;
      out.push_back(s);
    }
  }
  return out;
}

}  // namespace gramt::model

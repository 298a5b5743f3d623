#pragma once
// A span of samples inside a clip: what a range of analysis frames reads.
#include <cstdint>

namespace gramt::analysis {

struct SampleRange {
  int64_t begin = 0, end = 0;  // [begin, end) inside the clip
};

}  // namespace gramt::analysis

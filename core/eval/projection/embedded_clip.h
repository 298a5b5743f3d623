#pragma once
// One clip of an embeddings task folder as the Embeddings panel shows it: its file, split, label
// and facts. Free of LibTorch, so Qt code can hold it.
#include <string>

#include "core/eval/format/clip_metadata.h"

namespace gramt::eval::projection {

struct EmbeddedClip {
  std::string file, split;
  std::string label;  // the clip's labels joined with ", " (numbers for localization targets)
  format::ClipFacts facts;
};

}  // namespace gramt::eval::projection

#pragma once
// Parity against reference outputs: a "case" folder holds model.yaml, weights.safetensors,
// audio.wav and the arrays the reference implementation produced (log-mels, embeddings of every
// strategy, MAE predictions/targets/loss). check_reference_case recomputes every array it knows and
// reports the largest absolute error against the stated tolerance.
#include <string>
#include <vector>

namespace gramt::model {

struct ArrayComparison {
  std::string name;
  double max_abs_error = 0;  // for relative checks: the relative error
  double tolerance = 0;
  bool relative = false;
  bool passed = false;
  std::string note;  // shape mismatch, unknown array, ...
  bool skipped = false;  // nothing to check (the case lacks the data); counts as passed
};

struct ReferenceCaseResult {
  std::string folder;
  std::vector<ArrayComparison> arrays;
  bool passed() const;
};

// Throws gramt::Error when the folder lacks model.yaml / weights / audio or they cannot be read.
// Arrays the checker does not know are reported with passed=false and a note, never skipped silently.
ReferenceCaseResult check_reference_case(const std::string& folder);

}  // namespace gramt::model

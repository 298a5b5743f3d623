#pragma once
// Which splits train, validate and test each model (spec/eval.md §3.2): one trainvaltest split,
// or for k folds (sorted) test = fold i, valid = fold i+1 (mod k), train = the others in order.
#include <string>
#include <vector>

namespace gramt::eval::predict {

struct FoldSplit {
  std::vector<std::string> train;
  std::vector<std::string> valid;
  std::vector<std::string> test;

  std::string test_key() const;  // "|".join(test): the key of its results ("test", "fold00", ...)
};

// `source` names the metadata file in errors (e.g. trainvaltest without train/valid/test, fewer
// than 3 folds).
std::vector<FoldSplit> make_fold_splits(const std::string& split_mode, const std::vector<std::string>& splits,
                                        const std::string& source);

}  // namespace gramt::eval::predict

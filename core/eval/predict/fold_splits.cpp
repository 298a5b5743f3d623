#include "core/eval/predict/fold_splits.h"

#include <algorithm>

#include "core/common/error.h"

namespace gramt::eval::predict {

std::string FoldSplit::test_key() const {
  std::string key;
  for (size_t i = 0; i < test.size(); ++i) key += (i ? "|" : "") + test[i];
  return key;
}

std::vector<FoldSplit> make_fold_splits(const std::string& split_mode, const std::vector<std::string>& splits,
                                        const std::string& source) {
  if (split_mode == "trainvaltest") {
    for (const char* needed : {"train", "valid", "test"}) {
      if (std::find(splits.begin(), splits.end(), needed) == splits.end()) {
        throw Error(source + ": split_mode trainvaltest needs a '" + std::string(needed) + "' entry in 'splits'");
      }
    }
    return {FoldSplit{{"train"}, {"valid"}, {"test"}}};
  }
  std::vector<std::string> folds = splits;
  std::sort(folds.begin(), folds.end());
  if (folds.size() < 3) {
    throw Error(source + ": split_mode " + split_mode + " needs at least 3 folds in 'splits', found " +
                std::to_string(folds.size()));
  }
  if (std::adjacent_find(folds.begin(), folds.end()) != folds.end()) {
    throw Error(source + ": 'splits' lists a fold twice");
  }
  std::vector<FoldSplit> out;
  const size_t k = folds.size();
  for (size_t i = 0; i < k; ++i) {
    FoldSplit split;
    split.test = {folds[i]};
    split.valid = {folds[(i + 1) % k]};
    for (size_t j = 0; j < k; ++j) {
      if (j != i && j != (i + 1) % k) split.train.push_back(folds[j]);
    }
    out.push_back(split);
  }
  return out;
}

}  // namespace gramt::eval::predict

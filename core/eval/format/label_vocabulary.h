#pragma once
// labelvocabulary.csv of a HEAR task folder (spec/eval.md §1.3): header `idx,label`, one row per
// label. The kits read it with pandas, which infers one type for the whole label column, and then
// cast the column back to str; the labels they look up are therefore the *re-printed* values:
// "007" becomes "7" in an all-integer column, 21 becomes "21.0" when a cell is empty, "None" and
// "" become "nan". We reproduce that so label lookups agree with the kits.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace gramt::eval::format {

struct LabelVocabulary {
  std::string source;                       // the file, for error messages
  std::vector<std::string> labels;          // idx -> label as the kits see it (after the str cast)
  std::vector<std::string> written;         // idx -> the cell as written in the file
  std::map<std::string, int64_t> index_of;  // label (as the kits see it) -> idx

  size_t size() const { return labels.size(); }
  bool contains(const std::string& label) const { return index_of.count(label) != 0; }
};

// Parses the CSV text; `source` names the file in errors. Throws gramt::Error for a wrong header,
// a non-integer or duplicate idx, rows != max(idx) + 1, or two labels equal after the str cast.
LabelVocabulary parse_label_vocabulary(const std::string& csv_text, const std::string& source);
LabelVocabulary read_label_vocabulary(const std::string& path);

// The CSV text hear-preprocess writes for labels already in their final order (idx = position).
std::string format_label_vocabulary(const std::vector<std::string>& labels);

}  // namespace gramt::eval::format

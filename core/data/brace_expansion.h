#pragma once
// Shell-style brace patterns, as WebDataset shard lists are written: `unbal_train{000..869}.tar`
// names 870 files, `{a,b}` alternatives, several groups multiply, groups may nest.
#include <string>
#include <vector>

namespace gramt::data {

// Every name the pattern stands for, in order. A numeric range {A..B} counts up or down; when A or
// B is written with a leading zero, all numbers are zero-padded to the wider of the two. A brace
// group with neither ".." nor a top-level comma stays literal. Throws gramt::Error for an unmatched
// opening brace or an expansion of more than 10 million names.
std::vector<std::string> expand_braces(const std::string& pattern);

}  // namespace gramt::data

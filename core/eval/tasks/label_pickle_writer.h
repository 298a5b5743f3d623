#pragma once
// Writes `<split>.target-labels.pkl` the way the kits' pickle.dump does (protocol 4): a list with
// one label list per embedding row. Only JSON-shaped values occur there (str, int, float, bool,
// None, lists), so this small encoder covers them all; Python's pickle.load and
// predict::read_label_pickle both read the result.
#include <string>

#include <nlohmann/json.hpp>

namespace gramt::eval::tasks {

// The pickle bytes of `value` (arrays become lists, objects are rejected with gramt::Error).
std::string encode_label_pickle(const nlohmann::ordered_json& value);

}  // namespace gramt::eval::tasks

#pragma once
// Reader for the kits' `<split>.target-labels.pkl`: a Python pickle of a list (one entry per
// embedding row) of label lists made of str / int / float / bool / None, lists and tuples.
// Only that subset of the pickle format is understood; anything else (class instances, numpy
// objects) is rejected with an error naming the file, never guessed at.
#include <string>

#include <nlohmann/json.hpp>

namespace gramt::eval::predict {

// Decodes pickle bytes (protocols 2-5) into JSON (tuples become arrays). `source` names the file in
// errors.
nlohmann::json decode_label_pickle(const std::string& bytes, const std::string& source);

// Reads and decodes a pickle file; throws gramt::Error naming it when missing or malformed.
nlohmann::json read_label_pickle(const std::string& path);

}  // namespace gramt::eval::predict

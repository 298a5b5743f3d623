#pragma once
// The kits' `<split>.target-labels.pkl`: a Python pickle of a list (one entry per embedding row) of
// label lists made of str / int / float / bool / None, lists and tuples. Reading goes through the
// restricted pickle reader (core/io/pickle_reader.h) with no globals allowed and keeps only that
// subset: anything else (class instances, dicts, bytes) is refused with an error naming the file,
// never guessed at. Writing goes through core/io/pickle_writer.h with protocol 4, as the kits'
// pickle.dump does.
#include <string>

#include <nlohmann/json.hpp>

namespace gramt::eval::format {

// Decodes pickle bytes (protocols 2-5) into JSON (tuples become arrays). `source` names the file in
// errors.
nlohmann::json decode_label_pickle(const std::string& bytes, const std::string& source);

// Reads and decodes a pickle file; throws gramt::Error naming it when missing or malformed.
nlohmann::json read_label_pickle(const std::string& path);

// The pickle bytes of `value` (arrays become lists; objects are refused with gramt::Error).
std::string encode_label_pickle(const nlohmann::ordered_json& value);

}  // namespace gramt::eval::format

#pragma once
// A fast scanner for the one-line, one-level JSON objects that metrics.jsonl is made of
// ({"event":"step","step":12,"loss":0.51,...}). A general JSON parser builds a tree and allocates
// per value; a dashboard reading a million lines cannot afford that. Anything beyond a flat object
// of scalars (nested values, odd syntax) is refused, and the caller falls back to nlohmann::json,
// which also decides whether such a line is valid JSON at all.
#include <string>
#include <string_view>
#include <vector>

namespace gramt::io {

struct FlatJsonField {
  enum class Kind { null, boolean, number, string };
  std::string_view key;        // without quotes; never contains escapes
  Kind kind = Kind::null;
  double number = 0;           // Kind::number (also NaN, Infinity, -Infinity as Python writes them)
  bool boolean = false;        // Kind::boolean
  std::string_view string;     // Kind::string: the raw text between the quotes
  bool string_has_escapes = false;  // then `string` still holds the escapes; decode it yourself
};

// Splits `line` into its members (in order, into `fields`, which is cleared first). Returns false
// when the line is not a flat JSON object of scalars that this scanner handles.
bool scan_flat_json_object(std::string_view line, std::vector<FlatJsonField>& fields);

}  // namespace gramt::io

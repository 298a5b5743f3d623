#pragma once
// The Python side of the kits' text files, in one place: Python's repr() of a float, str() of a
// label, and JSON text exactly as json.dumps writes it (with indent=4 for the kits' summary files,
// without for the per-file label and timestamp files): ASCII-escaped strings, insertion order
// kept, Python's shortest round-trip floats (0.0001, 1e-05, 3.0) and bare NaN / Infinity, which
// nlohmann::json would turn into null. Reading such text back needs the inverse of the last point.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace gramt::eval::format {

// Python repr() of a float (JSON spelling for non-finite values: NaN, Infinity, -Infinity).
std::string python_float_repr(double value);

// json.dumps(value, indent=4).
std::string dump_kit_json(const nlohmann::ordered_json& value);

// json.dumps(value): ", " between items, ": " after keys.
std::string python_json_dumps(const nlohmann::ordered_json& value);

// Python's str() of a JSON label, as the kits apply it before a vocabulary lookup ("21", "1.5",
// "inf", "True", "None", text unchanged).
std::string python_label_string(const nlohmann::ordered_json& label);
std::string python_label_string(const nlohmann::json& label);

// Python's json.dump spells non-finite floats NaN, Infinity and -Infinity, which strict JSON
// parsers refuse (a kit scores file with an infinite d' would not read back on resume): this turns
// those bare tokens (outside strings) into null.
std::string python_json_nonfinite_as_null(const std::string& text);

}  // namespace gramt::eval::format

#pragma once
// JSON text exactly as the Python kits write it: json.dumps(value, indent=4) with Python's
// shortest round-trip float repr (0.0001, 1e-05, 3.0) and bare NaN / Infinity for non-finite
// numbers, which nlohmann::json would turn into null.
#include <string>

#include <nlohmann/json.hpp>

namespace gramt::eval::predict {

// Python repr() of a float.
std::string python_float_repr(double value);

// json.dumps(value, indent=4) (ASCII-escaped strings, insertion order of objects kept).
std::string dump_kit_json(const nlohmann::ordered_json& value);

}  // namespace gramt::eval::predict

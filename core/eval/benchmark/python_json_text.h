#pragma once
// Python's json.dump (and our kit-compatible writer) spells non-finite floats NaN, Infinity and
// -Infinity, which strict JSON parsers refuse: a kit scores file with an infinite d' would then
// fail to read back on resume. This turns those bare tokens (outside strings) into null.
#include <string>

namespace gramt::eval::benchmark {

std::string python_json_nonfinite_as_null(const std::string& text);

}  // namespace gramt::eval::benchmark

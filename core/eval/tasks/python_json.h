#pragma once
// JSON text laid out as Python's json.dumps(value) writes it without indent: ", " between items,
// ": " after keys, ASCII-escaped strings, Python's float repr. The kits write the per-file label
// and timestamp files this way; indented files use predict::dump_kit_json.
#include <string>

#include <nlohmann/json.hpp>

namespace gramt::eval::tasks {

std::string python_json_dumps(const nlohmann::ordered_json& value);

}  // namespace gramt::eval::tasks

#pragma once
// Reading a JSON file with one kind of error message for every reader in the project: the file is
// named, with what it should have held ("runs/x/status.json: cannot open the run status",
// "...: not valid JSON (parse error at line 3 ...)").
#include <string>

#include <nlohmann/json.hpp>

namespace gramt::io {

// The whole file as bytes; `what` says what it should hold, for the error.
std::string read_text_file(const std::string& path, const std::string& what);

// Parses `text`; `source` names it in the error.
nlohmann::json parse_json_text(const std::string& text, const std::string& source);
nlohmann::ordered_json parse_ordered_json_text(const std::string& text, const std::string& source);

nlohmann::json read_json_file(const std::string& path, const std::string& what);
nlohmann::ordered_json read_ordered_json_file(const std::string& path, const std::string& what);

}  // namespace gramt::io

#include "core/io/json_file.h"

#include <fstream>
#include <sstream>

#include "core/common/error.h"

namespace gramt::io {

namespace {

template <typename Json>
Json parse(const std::string& text, const std::string& source) {
  try {
    return Json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(source + ": not valid JSON (" + std::string(e.what()) + ")");
  }
}

}  // namespace

std::string read_text_file(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the " + what);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

nlohmann::json parse_json_text(const std::string& text, const std::string& source) {
  return parse<nlohmann::json>(text, source);
}

nlohmann::ordered_json parse_ordered_json_text(const std::string& text, const std::string& source) {
  return parse<nlohmann::ordered_json>(text, source);
}

nlohmann::json read_json_file(const std::string& path, const std::string& what) {
  return parse_json_text(read_text_file(path, what), path);
}

nlohmann::ordered_json read_ordered_json_file(const std::string& path, const std::string& what) {
  return parse_ordered_json_text(read_text_file(path, what), path);
}

}  // namespace gramt::io

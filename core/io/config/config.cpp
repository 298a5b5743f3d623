#include "core/io/config/config.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace gramt::config {
namespace {

// yaml-cpp marks scalars that were quoted in the source with the tag "!"; they are strings whatever
// their text, so "32" stays a string in JSON and stays quoted in YAML.
bool is_quoted(const YAML::Node& scalar) { return scalar.Tag() == "!"; }

// Scanners for the YAML 1.2 core schema's integers ([-+]?[0-9]+) and floats
// ([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?), written out: std::regex recurses once per
// character and overflowed the stack on long scalars.
size_t skip_digits(const std::string& t, size_t i) {
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  return i;
}

bool is_core_int(const std::string& t) {
  const size_t start = !t.empty() && (t[0] == '-' || t[0] == '+') ? 1 : 0;
  return t.size() > start && skip_digits(t, start) == t.size();
}

bool is_core_float(const std::string& t) {
  size_t i = !t.empty() && (t[0] == '-' || t[0] == '+') ? 1 : 0;
  const size_t int_end = skip_digits(t, i);
  if (int_end > i) {
    i = int_end;
    if (i < t.size() && t[i] == '.') i = skip_digits(t, i + 1);
  } else {
    if (i >= t.size() || t[i] != '.') return false;
    const size_t frac_end = skip_digits(t, i + 1);
    if (frac_end == i + 1) return false;
    i = frac_end;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    size_t e = i + 1;
    if (e < t.size() && (t[e] == '-' || t[e] == '+')) ++e;
    const size_t exp_end = skip_digits(t, e);
    if (exp_end == e) return false;
    i = exp_end;
  }
  return i == t.size();
}

// A number beyond double's range stays text: std::stod threw on it, and JSON has no infinity.
nlohmann::json float_or_text(const std::string& text) {
  const double value = std::strtod(text.c_str(), nullptr);
  if (!std::isfinite(value)) return text;
  return value;
}

nlohmann::json scalar_to_json(const YAML::Node& scalar) {
  const std::string& text = scalar.Scalar();
  if (is_quoted(scalar)) return text;
  // YAML 1.2 core schema.
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") return nullptr;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (is_core_int(text)) {
    errno = 0;
    const long long value = std::strtoll(text.c_str(), nullptr, 10);
    if (errno != ERANGE) return value;
    return float_or_text(text);
  }
  if (is_core_float(text)) return float_or_text(text);
  return text;
}

nlohmann::json node_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& kv : node) out[kv.first.Scalar()] = node_to_json(kv.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(node_to_json(item));
      return out;
    }
    case YAML::NodeType::Scalar:
      return scalar_to_json(node);
    default:
      return nullptr;
  }
}

bool all_scalars(const YAML::Node& sequence) {
  for (const auto& item : sequence)
    if (!item.IsScalar()) return false;
  return true;
}

void emit(YAML::Emitter& out, const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      if (node.size() == 0) {
        out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
        return;
      }
      out << YAML::BeginMap;
      for (const auto& kv : node) {
        out << YAML::Key << kv.first.Scalar() << YAML::Value;
        emit(out, kv.second);
      }
      out << YAML::EndMap;
      return;
    case YAML::NodeType::Sequence:
      // Short lists of numbers read best on one line, as in the config files.
      if (node.size() == 0 || all_scalars(node)) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& item : node) emit(out, item);
      out << YAML::EndSeq;
      return;
    case YAML::NodeType::Scalar:
      if (is_quoted(node)) out << YAML::DoubleQuoted;
      out << node.Scalar();
      return;
    default:
      out << YAML::Null;
  }
}

}  // namespace

std::string describe_keys(const YAML::Node& map) {
  std::string list;
  if (map.IsMap())
    for (const auto& kv : map) list += (list.empty() ? "" : ", ") + kv.first.Scalar();
  return list.empty() ? "(none)" : list;
}

std::vector<std::string> split_key_path(const std::string& path, const std::string& where) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty()) throw Error(where + ": '" + path + "' is not a key path (empty part)");
    parts.push_back(part);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

Config::Config(YAML::Node root, std::string source) : root_(std::move(root)), source_(std::move(source)) {
  if (!root_.IsMap()) throw Error(source_ + ": the configuration must be a mapping at the top level");
}

bool Config::has(const std::string& path) const {
  YAML::Node current = root_;
  for (const auto& part : split_key_path(path, source_)) {
    if (!current.IsMap()) return false;
    const YAML::Node child = current[part];
    if (!child.IsDefined()) return false;
    current.reset(child);
  }
  return true;
}

YAML::Node Config::node(const std::string& path) const {
  YAML::Node current = root_;
  std::string walked;
  for (const auto& part : split_key_path(path, source_)) {
    if (!current.IsMap())
      throw Error(source_ + ": " + path + ": '" + walked + "' is not a mapping, so it has no key '" + part + "'");
    const YAML::Node child = current[part];
    if (!child.IsDefined())
      throw Error(source_ + ": missing key '" + path + "' (valid keys" + (walked.empty() ? "" : " in '" + walked + "'") +
                  ": " + describe_keys(current) + ")");
    walked += (walked.empty() ? "" : ".") + part;
    current.reset(child);
  }
  return current;
}

std::vector<std::string> Config::keys(const std::string& path) const {
  const YAML::Node map = path.empty() ? root_ : node(path);
  if (!map.IsMap()) throw Error(source_ + ": " + path + ": not a mapping");
  std::vector<std::string> out;
  for (const auto& kv : map) out.push_back(kv.first.Scalar());
  return out;
}

std::string Config::to_yaml() const {
  YAML::Emitter out;
  out.SetIndent(2);
  emit(out, root_);
  return std::string(out.c_str()) + "\n";
}

nlohmann::json Config::to_json() const { return node_to_json(root_); }

}  // namespace gramt::config

#include "core/io/config/config.h"

#include <regex>

namespace gramt::config {
namespace {

// yaml-cpp marks scalars that were quoted in the source with the tag "!"; they are strings whatever
// their text, so "32" stays a string in JSON and stays quoted in YAML.
bool is_quoted(const YAML::Node& scalar) { return scalar.Tag() == "!"; }

nlohmann::json scalar_to_json(const YAML::Node& scalar) {
  const std::string& text = scalar.Scalar();
  if (is_quoted(scalar)) return text;
  // YAML 1.2 core schema.
  static const std::regex null_re("~|null|Null|NULL|");
  static const std::regex true_re("true|True|TRUE");
  static const std::regex false_re("false|False|FALSE");
  static const std::regex int_re("[-+]?[0-9]+");
  static const std::regex float_re(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (std::regex_match(text, null_re)) return nullptr;
  if (std::regex_match(text, true_re)) return true;
  if (std::regex_match(text, false_re)) return false;
  if (std::regex_match(text, int_re)) {
    try {
      return std::stoll(text);
    } catch (const std::out_of_range&) {
      return std::stod(text);
    }
  }
  if (std::regex_match(text, float_re)) return std::stod(text);
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

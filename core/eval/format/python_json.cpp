#include "core/eval/format/python_json.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <system_error>

namespace gramt::eval::format {

std::string python_float_repr(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0.0) return std::signbit(value) ? "-0.0" : "0.0";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
  std::string text(buffer, result.ptr);
  // text = [-]d[.ddd]e±XX : split into sign, significant digits and decimal exponent.
  std::string sign;
  if (text[0] == '-') {
    sign = "-";
    text.erase(0, 1);
  }
  const size_t e = text.find('e');
  const int exponent = std::atoi(text.c_str() + e + 1);
  std::string digits;
  for (size_t i = 0; i < e; ++i) {
    if (text[i] != '.') digits += text[i];
  }
  const int decimal_point = exponent + 1;  // digits d1 d2 ... with the point after d_decimal_point
  std::string out = sign;
  if (decimal_point > -4 && decimal_point <= 16) {
    if (decimal_point <= 0) {
      out += "0." + std::string(static_cast<size_t>(-decimal_point), '0') + digits;
    } else if (static_cast<size_t>(decimal_point) >= digits.size()) {
      out += digits + std::string(static_cast<size_t>(decimal_point) - digits.size(), '0') + ".0";
    } else {
      out += digits.substr(0, static_cast<size_t>(decimal_point)) + "." +
             digits.substr(static_cast<size_t>(decimal_point));
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  const int shown = decimal_point - 1;
  char exponent_text[16];
  std::snprintf(exponent_text, sizeof(exponent_text), "e%c%02d", shown < 0 ? '-' : '+', std::abs(shown));
  return out + exponent_text;
}

namespace {

// json.dumps with indent = nullopt (one line) or a number of spaces per level.
void dump_value(const nlohmann::ordered_json& value, std::optional<int> indent, int depth, std::string& out) {
  const bool is_object = value.is_object();
  if (is_object || value.is_array()) {
    if (value.empty()) {
      out += is_object ? "{}" : "[]";
      return;
    }
    const std::string item_indent = indent ? "\n" + std::string(static_cast<size_t>((depth + 1) * *indent), ' ') : "";
    const std::string separator = indent ? "," + item_indent : ", ";
    out += is_object ? '{' : '[';
    out += item_indent;
    bool first = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!first) out += separator;
      first = false;
      if (is_object) out += nlohmann::ordered_json(it.key()).dump(-1, ' ', true) + ": ";
      dump_value(it.value(), indent, depth + 1, out);
    }
    if (indent) out += "\n" + std::string(static_cast<size_t>(depth * *indent), ' ');
    out += is_object ? '}' : ']';
    return;
  }
  if (value.is_number_float()) {
    out += python_float_repr(value.get<double>());
    return;
  }
  out += value.dump(-1, ' ', true);
}

template <typename Json>
std::string label_string(const Json& label) {
  if (label.is_string()) return label.template get<std::string>();
  if (label.is_boolean()) return label.template get<bool>() ? "True" : "False";
  if (label.is_number_integer()) return label.dump();
  if (label.is_number_float()) {
    const double d = label.template get<double>();
    if (std::isinf(d)) return d > 0 ? "inf" : "-inf";  // str(), unlike JSON's Infinity
    return python_float_repr(d);
  }
  if (label.is_null()) return "None";
  return label.dump();
}

}  // namespace

std::string dump_kit_json(const nlohmann::ordered_json& value) {
  std::string out;
  dump_value(value, 4, 0, out);
  return out;
}

std::string python_json_dumps(const nlohmann::ordered_json& value) {
  std::string out;
  dump_value(value, std::nullopt, 0, out);
  return out;
}

std::string python_label_string(const nlohmann::ordered_json& label) { return label_string(label); }
std::string python_label_string(const nlohmann::json& label) { return label_string(label); }

std::string python_json_nonfinite_as_null(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) {
        out += text[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      out += c;
      continue;
    }
    bool replaced = false;
    for (const char* token : {"-Infinity", "Infinity", "NaN"}) {
      const std::string t(token);
      if (text.compare(i, t.size(), t) == 0) {
        out += "null";
        i += t.size() - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += c;
  }
  return out;
}

}  // namespace gramt::eval::format

#include "core/eval/predict/kit_json.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <system_error>

namespace gramt::eval::predict {

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

void dump_value(const nlohmann::ordered_json& value, int depth, std::string& out) {
  const std::string indent(static_cast<size_t>(depth + 1) * 4, ' ');
  const std::string closing_indent(static_cast<size_t>(depth) * 4, ' ');
  switch (value.type()) {
    case nlohmann::ordered_json::value_t::object: {
      if (value.empty()) {
        out += "{}";
        return;
      }
      out += "{\n";
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) out += ",\n";
        first = false;
        out += indent + nlohmann::ordered_json(it.key()).dump(-1, ' ', true) + ": ";
        dump_value(it.value(), depth + 1, out);
      }
      out += "\n" + closing_indent + "}";
      return;
    }
    case nlohmann::ordered_json::value_t::array: {
      if (value.empty()) {
        out += "[]";
        return;
      }
      out += "[\n";
      bool first = true;
      for (const auto& item : value) {
        if (!first) out += ",\n";
        first = false;
        out += indent;
        dump_value(item, depth + 1, out);
      }
      out += "\n" + closing_indent + "]";
      return;
    }
    case nlohmann::ordered_json::value_t::number_float:
      out += python_float_repr(value.get<double>());
      return;
    default:
      out += value.dump(-1, ' ', true);
      return;
  }
}

}  // namespace

std::string dump_kit_json(const nlohmann::ordered_json& value) {
  std::string out;
  dump_value(value, 0, out);
  return out;
}

}  // namespace gramt::eval::predict

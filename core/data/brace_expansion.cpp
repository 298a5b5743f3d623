#include "core/data/brace_expansion.h"

#include <cstdlib>
#include <regex>

#include "core/common/error.h"

namespace gramt::data {
namespace {

constexpr size_t kMaxNames = 10'000'000;

// Position of the '}' closing the '{' at `open`, or npos.
size_t matching_brace(const std::string& s, size_t open) {
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    if (s[i] == '{') ++depth;
    if (s[i] == '}' && --depth == 0) return i;
  }
  return std::string::npos;
}

std::vector<std::string> split_top_level_commas(const std::string& body) {
  std::vector<std::string> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '{') ++depth;
    if (body[i] == '}') --depth;
    if (body[i] == ',' && depth == 0) {
      parts.push_back(body.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(body.substr(start));
  return parts;
}

bool zero_padded(const std::string& number) {
  const size_t digits = number[0] == '-' ? 1 : 0;
  return number.size() > digits + 1 && number[digits] == '0';
}

std::vector<std::string> numeric_range(const std::string& from, const std::string& to, const std::string& pattern) {
  const long long a = std::strtoll(from.c_str(), nullptr, 10);
  const long long b = std::strtoll(to.c_str(), nullptr, 10);
  const unsigned long long count = static_cast<unsigned long long>(a < b ? b - a : a - b) + 1;
  if (count > kMaxNames) throw Error("pattern " + pattern + ": range {" + from + ".." + to + "} is too large");
  const size_t width = (zero_padded(from) || zero_padded(to)) ? std::max(from.size(), to.size()) : 0;
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(count));
  const long long step = a <= b ? 1 : -1;
  for (long long v = a;; v += step) {
    std::string digits = std::to_string(v < 0 ? -v : v);
    const size_t sign = v < 0 ? 1 : 0;
    if (digits.size() + sign < width) digits.insert(0, width - digits.size() - sign, '0');
    out.push_back((v < 0 ? "-" : "") + digits);
    if (v == b) break;
  }
  return out;
}

std::vector<std::string> expand(const std::string& s, const std::string& pattern) {
  // Find the first brace group that means something; literal groups are passed over.
  static const std::regex range(R"(^(-?[0-9]+)\.\.(-?[0-9]+)$)");
  size_t search = 0;
  while (true) {
    const size_t open = s.find('{', search);
    if (open == std::string::npos) return {s};
    const size_t close = matching_brace(s, open);
    if (close == std::string::npos) throw Error("pattern " + pattern + ": '{' without a matching '}'");
    const std::string body = s.substr(open + 1, close - open - 1);
    std::vector<std::string> alternatives;
    std::smatch m;
    if (std::regex_match(body, m, range)) {
      alternatives = numeric_range(m[1].str(), m[2].str(), pattern);
    } else {
      const auto parts = split_top_level_commas(body);
      if (parts.size() > 1) {
        for (const auto& part : parts)
          for (auto& name : expand(part, pattern)) alternatives.push_back(std::move(name));
      }
    }
    if (alternatives.empty()) {  // literal group such as "{x}": keep it, look further right
      search = close + 1;
      continue;
    }
    const std::string prefix = s.substr(0, open);
    const auto suffixes = expand(s.substr(close + 1), pattern);
    if (alternatives.size() * suffixes.size() > kMaxNames)
      throw Error("pattern " + pattern + " expands to more than " + std::to_string(kMaxNames) + " names");
    std::vector<std::string> out;
    out.reserve(alternatives.size() * suffixes.size());
    for (const auto& alternative : alternatives)
      for (const auto& suffix : suffixes) out.push_back(prefix + alternative + suffix);
    return out;
  }
}

}  // namespace

std::vector<std::string> expand_braces(const std::string& pattern) { return expand(pattern, pattern); }

}  // namespace gramt::data

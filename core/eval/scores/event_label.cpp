#include "core/eval/scores/event_label.h"

#include <cctype>

namespace gramt::eval::scores {

std::optional<std::string> sed_event_label(const std::string& label) {
  // Python's str.strip() whitespace within ASCII: space, \t \n \v \f \r and the separators 0x1c-0x1f.
  const auto is_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f'); };
  size_t begin = 0, end = label.size();
  while (begin < end && is_space(label[begin])) ++begin;
  while (end > begin && is_space(label[end - 1])) --end;
  std::string stripped = label.substr(begin, end - begin);
  std::string lower = stripped;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (stripped.empty() || lower == "none") return std::nullopt;
  return stripped;
}

}  // namespace gramt::eval::scores

#include "core/eval/tasks/model_tag.h"

#include <cctype>

namespace gramt::eval::tasks {

std::string slugify(const std::string& text) {
  std::string out;
  bool pending_dash = false;
  for (const unsigned char c : text) {
    if (std::isalnum(c)) {
      if (pending_dash && !out.empty()) out += '-';
      pending_dash = false;
      out += static_cast<char>(std::tolower(c));
    } else {
      pending_dash = true;
    }
  }
  return out;
}

std::string model_tag(const std::string& base, const std::vector<std::pair<std::string, std::string>>& options) {
  std::string tag = base;
  if (options.empty()) return tag;
  tag += '-';
  for (size_t i = 0; i < options.size(); ++i) {
    if (i) tag += '-';
    tag += slugify(options[i].first) + "=" + slugify(options[i].second);
  }
  return tag;
}

}  // namespace gramt::eval::tasks

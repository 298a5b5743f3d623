#include "core/hub/model_card.h"

#include <fstream>

namespace gramt::hub {

std::string model_card_licence(const std::string& readme_path) {
  std::ifstream in(readme_path);
  std::string line;
  // Front matter: the card's first line is "---", and it ends at the next "---".
  if (!in || !std::getline(in, line) || line.rfind("---", 0) != 0) return "";
  while (std::getline(in, line) && line.rfind("---", 0) != 0) {
    if (line.rfind("license:", 0) != 0) continue;
    std::string value = line.substr(8);
    const auto begin = value.find_first_not_of(" \t\"'");
    const auto end = value.find_last_not_of(" \t\r\"'");
    return begin == std::string::npos ? "" : value.substr(begin, end - begin + 1);
  }
  return "";
}

}  // namespace gramt::hub

#include "core/model/cpu_features.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace gramt::model {
namespace {

// "key\t: value" → value (empty when the line has no colon).
std::string value_of(const std::string& line) {
  const auto colon = line.find(':');
  if (colon == std::string::npos) return {};
  const auto start = line.find_first_not_of(' ', colon + 1);
  return start == std::string::npos ? std::string() : line.substr(start);
}

bool starts_with(const std::string& line, const char* key) {
  const std::string k(key);
  return line.compare(0, k.size(), k) == 0 && line.find_first_not_of(" \t", k.size()) == line.find(':');
}

int number_of(const std::string& line) {
  try {
    return std::stoi(value_of(line));
  } catch (...) {
    return -1;
  }
}

CpuFeatures read_cpuinfo() {
  CpuFeatures f;
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.empty()) break;  // end of the first processor's entry
    if (starts_with(line, "model name")) f.model_name = value_of(line);
    else if (starts_with(line, "cpu family")) f.family = number_of(line);
    else if (starts_with(line, "model")) f.model = number_of(line);
    else if (starts_with(line, "stepping")) f.stepping = number_of(line);
    else if (starts_with(line, "flags")) {
      std::istringstream words(value_of(line));
      std::string w;
      while (words >> w) f.flags.push_back(w);
    }
  }
  return f;
}

}  // namespace

bool CpuFeatures::has(const std::string& flag) const { return std::find(flags.begin(), flags.end(), flag) != flags.end(); }

const CpuFeatures& cpu_features() {
  static const CpuFeatures features = read_cpuinfo();
  return features;
}

}  // namespace gramt::model

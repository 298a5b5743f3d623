#pragma once
// What /proc/cpuinfo says about this CPU: its name, family/model/stepping and instruction-set
// flags. Read once; every core lists the same, so the first processor's entry stands for all.
// Elsewhere (no /proc/cpuinfo) the name is empty and no flag is present.
#include <string>
#include <vector>

namespace gramt::model {

struct CpuFeatures {
  std::string model_name;  // "Intel(R) Xeon(R) Processor @ 2.80GHz"
  int family = -1, model = -1, stepping = -1;
  std::vector<std::string> flags;
  bool has(const std::string& flag) const;
};

const CpuFeatures& cpu_features();

}  // namespace gramt::model

#include "core/model/strategy.h"

#include "core/common/error.h"

namespace gramt::model {

Strategy parse_strategy(const std::string& name) {
  if (name == "raw") return Strategy::Raw;
  if (name == "mean") return Strategy::Mean;
  if (name == "sum") return Strategy::Sum;
  if (name == "cls") return Strategy::Cls;
  throw Error("strategy '" + name + "' is not one of: raw, mean, sum, cls");
}

const char* to_string(Strategy s) {
  switch (s) {
    case Strategy::Raw: return "raw";
    case Strategy::Mean: return "mean";
    case Strategy::Sum: return "sum";
    case Strategy::Cls: return "cls";
  }
  return "?";
}

}  // namespace gramt::model

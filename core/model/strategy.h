#pragma once
// How encoder outputs become one representation per 200-frame chunk (the reference's "strategy").
#include <string>

namespace gramt::model {

enum class Strategy { Raw, Mean, Sum, Cls };

// "raw" | "mean" | "sum" | "cls"; throws gramt::Error listing the valid names otherwise.
Strategy parse_strategy(const std::string& name);
const char* to_string(Strategy s);

}  // namespace gramt::model

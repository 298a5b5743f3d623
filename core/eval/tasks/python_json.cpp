#include "core/eval/tasks/python_json.h"

#include "core/eval/predict/kit_json.h"

namespace gramt::eval::tasks {

namespace {

void dump(const nlohmann::ordered_json& value, std::string& out) {
  switch (value.type()) {
    case nlohmann::ordered_json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) out += ", ";
        first = false;
        out += nlohmann::ordered_json(it.key()).dump(-1, ' ', true) + ": ";
        dump(it.value(), out);
      }
      out += '}';
      return;
    }
    case nlohmann::ordered_json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value) {
        if (!first) out += ", ";
        first = false;
        dump(item, out);
      }
      out += ']';
      return;
    }
    case nlohmann::ordered_json::value_t::number_float:
      out += predict::python_float_repr(value.get<double>());
      return;
    default:
      out += value.dump(-1, ' ', true);
      return;
  }
}

}  // namespace

std::string python_json_dumps(const nlohmann::ordered_json& value) {
  std::string out;
  dump(value, out);
  return out;
}

}  // namespace gramt::eval::tasks

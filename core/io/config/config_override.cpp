#include "core/io/config/config_override.h"

#include "core/common/error.h"
#include "core/io/config/config.h"

namespace gramt::config {

Override parse_override(const std::string& text) {
  Override out;
  out.text = text;
  const std::string where = "override '" + text + "'";
  std::string rest = text;
  if (rest.rfind("~", 0) == 0) {
    out.kind = OverrideKind::kDelete;
    out.key = rest.substr(1);
    if (out.key.find('=') != std::string::npos) throw Error(where + ": a removal (~key) takes no value");
    split_key_path(out.key, where);
    return out;
  }
  if (rest.rfind("++", 0) == 0) {
    out.kind = OverrideKind::kForceSet;
    rest = rest.substr(2);
  } else if (rest.rfind("+", 0) == 0) {
    out.kind = OverrideKind::kAdd;
    rest = rest.substr(1);
  }
  const size_t eq = rest.find('=');
  if (eq == std::string::npos) throw Error(where + ": expected key=value (or group=option)");
  out.key = rest.substr(0, eq);
  split_key_path(out.key, where);
  const std::string value_text = rest.substr(eq + 1);
  if (value_text.empty()) {
    out.value = YAML::Node(std::string());
    out.value.SetTag("!");  // an empty string, not YAML's null
    return out;
  }
  try {
    out.value = YAML::Load(value_text);
  } catch (const YAML::Exception& e) {
    throw Error(where + ": the value is not valid YAML: " + e.msg);
  }
  return out;
}

}  // namespace gramt::config

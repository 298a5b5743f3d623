#include "core/train/resume_adjustments.h"

#include <algorithm>
#include <set>

#include "core/common/error.h"
#include "core/io/config/config_override.h"

namespace gramt::train {
namespace {

bool adjustable(const std::string& key) {
  const auto& keys = resume_adjustable_keys();
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string adjustable_list() {
  std::string list;
  for (const auto& k : resume_adjustable_keys()) list += (list.empty() ? "" : ", ") + k;
  return list;
}

std::string yaml_text(const YAML::Node& node) { return node.IsDefined() ? YAML::Dump(node) : std::string(); }

// Same value: the same YAML text, or two scalars that read as the same number (1e-4 and 0.0001).
bool same_value(const YAML::Node& a, const YAML::Node& b) {
  if (!a.IsDefined() || !b.IsDefined()) return a.IsDefined() == b.IsDefined();
  if (YAML::Dump(a) == YAML::Dump(b)) return true;
  if (!a.IsScalar() || !b.IsScalar()) return false;
  double x = 0, y = 0;
  return YAML::convert<double>::decode(a, x) && YAML::convert<double>::decode(b, y) && x == y;
}

std::string join(const std::string& prefix, const std::string& key) { return prefix.empty() ? key : prefix + "." + key; }

std::string first_difference(const YAML::Node& a, const YAML::Node& b, const std::string& path) {
  if (adjustable(path)) return "";
  if (a.IsMap() && b.IsMap()) {
    std::set<std::string> keys;
    for (const auto& kv : a) keys.insert(kv.first.as<std::string>());
    for (const auto& kv : b) keys.insert(kv.first.as<std::string>());
    for (const auto& k : keys) {
      const std::string d = first_difference(a[k], b[k], join(path, k));
      if (!d.empty()) return d;
    }
    return "";
  }
  return same_value(a, b) ? "" : (path.empty() ? std::string("(the whole configuration)") : path);
}

}  // namespace

const std::vector<std::string>& resume_adjustable_keys() {
  static const std::vector<std::string> keys = {"trainer.steps",           "trainer.checkpoint.every",
                                                "trainer.checkpoint.keep_last", "trainer.checkpoint.keep_steps",
                                                "trainer.log_every",       "trainer.log_images_every",
                                                "data.num_workers"};
  return keys;
}

ResumedConfig apply_resume_overrides(const config::Config& saved, const std::vector<std::string>& overrides) {
  YAML::Node root = YAML::Clone(saved.root());
  ResumedConfig result;
  for (const std::string& text : overrides) {
    const config::Override o = config::parse_override(text);
    const std::string where = "--resume: override '" + text + "'";
    if (o.kind == config::OverrideKind::kAdd || o.kind == config::OverrideKind::kDelete)
      throw Error(where + ": " + o.key + ": a resumed run cannot add or remove keys; it may change only " + adjustable_list());
    const std::vector<std::string> parts = config::split_key_path(o.key, where);
    // Walk to the parent mapping; only an adjustable key may be created where the saved config lacks it.
    YAML::Node parent = root;
    bool present = true;
    for (size_t i = 0; i + 1 < parts.size() && present; ++i) {
      const YAML::Node child = parent[parts[i]];
      if (!child.IsDefined() || !child.IsMap()) {
        present = false;
        break;
      }
      parent.reset(child);
    }
    const YAML::Node current = present ? YAML::Node(parent[parts.back()]) : YAML::Node(YAML::NodeType::Undefined);
    if (same_value(current, o.value)) continue;
    if (!adjustable(o.key) && current.IsMap()) {
      // A whole group chosen again (data=demo): name what the run was made with, not the whole mapping.
      std::string made_with;
      for (const char* key : {"in_channels", "rir_source", "size", "name"})
        if (current[key].IsDefined() && current[key].IsScalar())
          made_with += std::string(made_with.empty() ? "" : ", ") + o.key + "." + key + " " + current[key].Scalar();
      throw Error(where + ": the " + o.key + " group cannot change when resuming" +
                  (made_with.empty() ? std::string() : " (the run was made with " + made_with + ")") +
                  "; a resumed run may change only " + adjustable_list() + ". Start a new run folder to change it");
    }
    if (!adjustable(o.key))
      throw Error(where + ": " + o.key + " cannot change when resuming (saved: " +
                  (current.IsDefined() ? YAML::Dump(current) : std::string("absent")) +
                  "); a resumed run may change only " + adjustable_list() + ". Start a new run folder to change it");
    if (!present) {  // an adjustable key whose parent the saved config lacks: create the path
      parent.reset(root);
      for (size_t i = 0; i + 1 < parts.size(); ++i) {
        if (!parent[parts[i]].IsDefined() || !parent[parts[i]].IsMap()) parent[parts[i]] = YAML::Node(YAML::NodeType::Map);
        const YAML::Node next = parent[parts[i]];
        parent.reset(next);
      }
    }
    result.changes.push_back({o.key, yaml_text(current), YAML::Dump(o.value)});
    parent[parts.back()] = o.value;
  }
  result.config = config::Config(root, saved.source());
  return result;
}

std::string first_fixed_difference(const std::string& saved_yaml, const std::string& new_yaml) {
  YAML::Node a, b;
  try {
    a = YAML::Load(saved_yaml);
    b = YAML::Load(new_yaml);
  } catch (const YAML::Exception& e) {
    throw Error(std::string("a run configuration is not valid YAML: ") + e.what());
  }
  return first_difference(a, b, "");
}

}  // namespace gramt::train

#include "core/io/config/config_composer.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "core/common/error.h"
#include "core/io/config/config_interpolation.h"
#include "core/io/config/config_override.h"

namespace gramt::config {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSelf = "_self_";

// One entry of the defaults list: a group and its chosen option, or the primary file itself.
struct DefaultsEntry {
  std::string group;  // kSelf for the primary file
  std::string option;
  bool skipped = false;  // `group: null` keeps the group out
};

YAML::Node load_yaml_file(const fs::path& path) {
  YAML::Node node;
  try {
    node = YAML::LoadFile(path.string());
  } catch (const YAML::BadFile&) {
    throw Error(path.string() + ": cannot read the file");
  } catch (const YAML::Exception& e) {
    throw Error(path.string() + ": not valid YAML: " + e.what());
  }
  if (node.IsNull() || !node.IsDefined()) return YAML::Node(YAML::NodeType::Map);  // an empty file
  if (!node.IsMap()) throw Error(path.string() + ": expected a mapping of keys at the top level");
  return node;
}

// Deep merge: mappings merge key by key, anything else (scalars, lists) is replaced.
void merge_into(YAML::Node target, const YAML::Node& source) {
  for (const auto& kv : source) {
    const std::string key = kv.first.Scalar();
    const YAML::Node existing = target[key];
    if (existing.IsDefined() && existing.IsMap() && kv.second.IsMap()) {
      merge_into(target[key], kv.second);
    } else {
      target[key] = YAML::Clone(kv.second);
    }
  }
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "(none)" : out;
}

std::vector<DefaultsEntry> read_defaults(const YAML::Node& primary, const std::string& file) {
  std::vector<DefaultsEntry> entries;
  const YAML::Node list = primary["defaults"];
  if (!list.IsDefined() || list.IsNull()) return entries;
  if (!list.IsSequence()) throw Error(file + ": defaults: expected a list of `- group: option` entries");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    const std::string where = file + ": defaults[" + std::to_string(i) + "]";
    if (item.IsScalar() && item.Scalar() == kSelf) {
      entries.push_back({kSelf, "", false});
      continue;
    }
    if (!item.IsMap() || item.size() != 1) throw Error(where + ": expected `- group: option` or `- _self_`");
    const auto kv = *item.begin();
    DefaultsEntry entry{kv.first.Scalar(), "", false};
    if (kv.second.IsNull()) {
      entry.skipped = true;
    } else if (kv.second.IsScalar()) {
      entry.option = kv.second.Scalar();
    } else {
      throw Error(where + ": the option of group '" + entry.group + "' must be a file name");
    }
    entries.push_back(entry);
  }
  return entries;
}

bool is_group(const std::string& config_dir, const std::string& name) {
  std::error_code ec;
  return fs::is_directory(fs::path(config_dir) / name, ec);
}

// Applies `group=option` / `+group=option` to the defaults list. Returns false if `o` is not a
// group choice (then it is a value override).
bool apply_group_choice(const Override& o, std::vector<DefaultsEntry>& defaults, const std::string& config_dir) {
  if (o.key.find('.') != std::string::npos || o.kind == OverrideKind::kDelete) return false;
  auto entry = std::find_if(defaults.begin(), defaults.end(), [&](const DefaultsEntry& e) { return e.group == o.key; });
  const bool listed = entry != defaults.end();
  // A top-level key that is neither in the defaults list nor a folder is a plain value.
  if (!listed && !(o.kind == OverrideKind::kAdd && is_group(config_dir, o.key))) return false;
  const std::string where = "override '" + o.text + "'";
  if (listed && o.kind == OverrideKind::kAdd)
    throw Error(where + ": group '" + o.key + "' is already chosen in the defaults list; use " + o.key + "=<option>");
  if (!o.value.IsScalar() || o.value.Scalar().empty()) {
    if (o.value.IsNull() && listed) {  // group=null drops the group, as in Hydra
      entry->skipped = true;
      return true;
    }
    throw Error(where + ": the option of group '" + o.key + "' must be one of: " +
                join(group_options(config_dir, o.key)));
  }
  if (listed) {
    entry->option = o.value.Scalar();
    entry->skipped = false;
  } else {
    defaults.push_back({o.key, o.value.Scalar(), false});
  }
  return true;
}

YAML::Node load_group_option(const std::string& config_dir, const DefaultsEntry& entry, const std::string& chosen_by) {
  const fs::path file = fs::path(config_dir) / entry.group / (entry.option + ".yaml");
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    if (!is_group(config_dir, entry.group))
      throw Error(chosen_by + ": there is no config group '" + entry.group + "' (no folder " +
                  (fs::path(config_dir) / entry.group).string() + ")");
    throw Error(chosen_by + ": group '" + entry.group + "' has no option '" + entry.option + "' (valid options: " +
                join(group_options(config_dir, entry.group)) + "; files in " +
                (fs::path(config_dir) / entry.group).string() + ")");
  }
  return load_yaml_file(file);
}

std::string level_name(const std::string& walked) { return walked.empty() ? "the top level" : "'" + walked + "'"; }

void apply_value_override(YAML::Node root, const Override& o) {
  const std::string where = "override '" + o.text + "'";
  const std::vector<std::string> parts = split_key_path(o.key, where);
  const bool may_create = o.kind == OverrideKind::kAdd || o.kind == OverrideKind::kForceSet;
  YAML::Node parent = root;
  std::string walked;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const YAML::Node child = parent[parts[i]];
    if (!child.IsDefined()) {
      if (!may_create)
        throw Error(where + ": key '" + parts[i] + "' does not exist in " + level_name(walked) +
                    " (valid keys: " + describe_keys(parent) + "); use +" + o.key + "=... to add a key");
      parent[parts[i]] = YAML::Node(YAML::NodeType::Map);
    } else if (!child.IsMap()) {
      throw Error(where + ": '" + (walked.empty() ? parts[i] : walked + "." + parts[i]) +
                  "' is a value, not a mapping, so it has no key '" + parts[i + 1] + "'");
    }
    walked += (walked.empty() ? "" : ".") + parts[i];
    const YAML::Node next = parent[parts[i]];
    parent.reset(next);
  }
  const std::string& last = parts.back();
  const bool exists = parent[last].IsDefined();
  switch (o.kind) {
    case OverrideKind::kSet:
      if (!exists)
        throw Error(where + ": key '" + last + "' does not exist in " + level_name(walked) + " (valid keys: " +
                    describe_keys(parent) + "); use +" + o.key + "=... to add a key");
      parent[last] = o.value;
      break;
    case OverrideKind::kAdd:
      if (exists)
        throw Error(where + ": key '" + o.key + "' already exists; use " + o.key + "=... to change it");
      parent[last] = o.value;
      break;
    case OverrideKind::kForceSet:
      parent[last] = o.value;
      break;
    case OverrideKind::kDelete:
      if (!exists)
        throw Error(where + ": key '" + last + "' does not exist in " + level_name(walked) + " (valid keys: " +
                    describe_keys(parent) + ")");
      parent.remove(last);
      break;
  }
}

}  // namespace

std::vector<std::string> group_options(const std::string& config_dir, const std::string& group) {
  std::vector<std::string> options;
  std::error_code ec;
  for (fs::directory_iterator it(fs::path(config_dir) / group, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".yaml" && it->is_regular_file(ec)) options.push_back(it->path().stem().string());
  }
  std::sort(options.begin(), options.end());
  return options;
}

std::vector<std::string> config_groups(const std::string& config_dir) {
  std::vector<std::string> groups;
  std::error_code ec;
  for (fs::directory_iterator it(config_dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code dir_ec;
    if (it->is_directory(dir_ec) && !group_options(config_dir, it->path().filename().string()).empty())
      groups.push_back(it->path().filename().string());
  }
  std::sort(groups.begin(), groups.end());
  return groups;
}

Config compose_config(const ComposeRequest& request) { return compose_config_with_choices(request).config; }

ComposedConfig compose_config_with_choices(const ComposeRequest& request) {
  if (request.config_dir.empty()) throw Error("config: no config folder given");
  const fs::path primary_file = fs::path(request.config_dir) / (request.config_name + ".yaml");
  std::error_code ec;
  if (!fs::is_regular_file(primary_file, ec))
    throw Error(primary_file.string() + ": primary config not found (config folder " + request.config_dir + ")");
  const YAML::Node primary = load_yaml_file(primary_file);
  std::vector<DefaultsEntry> defaults = read_defaults(primary, primary_file.string());

  // Group choices first (they decide which files are read), value overrides after composition.
  std::vector<Override> value_overrides;
  std::vector<std::string> chosen_by(defaults.size(), primary_file.string() + ": defaults");
  for (const auto& text : request.overrides) {
    const Override o = parse_override(text);
    const std::size_t before = defaults.size();
    if (!apply_group_choice(o, defaults, request.config_dir)) {
      value_overrides.push_back(o);
      continue;
    }
    if (defaults.size() > before) chosen_by.push_back("override '" + text + "'");
    for (std::size_t i = 0; i < defaults.size(); ++i)
      if (defaults[i].group == o.key) chosen_by[i] = "override '" + text + "'";
  }

  YAML::Node own = YAML::Clone(primary);
  own.remove("defaults");
  YAML::Node root(YAML::NodeType::Map);
  bool self_merged = false;
  for (std::size_t i = 0; i < defaults.size(); ++i) {
    const DefaultsEntry& entry = defaults[i];
    if (entry.group == kSelf) {
      merge_into(root, own);
      self_merged = true;
      continue;
    }
    if (entry.skipped) continue;
    YAML::Node wrapped(YAML::NodeType::Map);
    wrapped[entry.group] = load_group_option(request.config_dir, entry, chosen_by[i]);
    merge_into(root, wrapped);
  }
  if (!self_merged) merge_into(root, own);

  for (const auto& o : value_overrides) apply_value_override(root, o);
  resolve_interpolations(root, primary_file.string());
  ComposedConfig composed{Config(root, primary_file.string()), {}};
  for (const DefaultsEntry& entry : defaults)
    if (entry.group != kSelf)
      composed.selected[entry.group] = entry.skipped ? std::nullopt : std::optional<std::string>(entry.option);
  return composed;
}

}  // namespace gramt::config

#include "core/io/config/config_interpolation.h"

#include <algorithm>
#include <vector>

#include "core/common/error.h"
#include "core/io/config/config.h"

namespace gramt::config {
namespace {

// One piece of a scalar: literal text, or the path inside a ${...}.
struct Piece {
  bool is_reference = false;
  std::string text;
};

class Resolver {
 public:
  Resolver(YAML::Node root, std::string source) : source_(std::move(source)) { root_.reset(root); }

  void resolve_all() { resolve_children(root_, ""); }

 private:
  void resolve_children(YAML::Node node, const std::string& where) {
    if (node.IsMap()) {
      // The children are taken first and resolved through their own handles: looking a key up
      // with node[key] inserts into the map when the lookup misses (a key that is not a plain
      // scalar), which reallocated the pairs under a running iterator (found by fuzz_config).
      std::vector<std::pair<std::string, YAML::Node>> children;
      for (auto kv : node) {
        if (!kv.first.IsScalar())
          throw Error(source_ + ": " + (where.empty() ? std::string("top level") : where) +
                      ": a key that is not a plain name (" + YAML::Dump(kv.first) + ")");
        children.emplace_back(kv.first.Scalar(), kv.second);
      }
      for (auto& [key, value] : children) resolve_slot(value, where.empty() ? key : where + "." + key);
    } else if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i) {
        YAML::Node item = node[i];
        if (item.IsScalar() && has_reference(item)) {
          node[i] = resolve_scalar(item, where + "[" + std::to_string(i) + "]");
        } else {
          resolve_children(item, where + "[" + std::to_string(i) + "]");
        }
      }
    }
  }

  // Resolves `value` (whose full path is `path`), replacing it in the tree through its handle.
  // A path met again while it is being resolved means the references go round in a circle.
  void resolve_slot(YAML::Node value, const std::string& path) {
    if (std::find(stack_.begin(), stack_.end(), path) != stack_.end()) {
      std::string chain;
      for (const auto& p : stack_) chain += p + " -> ";
      throw Error(source_ + ": " + path + ": interpolation cycle: " + chain + path);
    }
    stack_.push_back(path);
    if (value.IsScalar() && has_reference(value)) {
      value = resolve_scalar(value, path);
    } else {
      resolve_children(value, path);
    }
    stack_.pop_back();
  }

  static bool has_reference(const YAML::Node& scalar) { return scalar.Scalar().find("${") != std::string::npos; }

  std::vector<Piece> split(const std::string& text, const std::string& where) const {
    std::vector<Piece> pieces;
    size_t pos = 0;
    while (pos < text.size()) {
      const size_t open = text.find("${", pos);
      if (open == std::string::npos) {
        pieces.push_back({false, text.substr(pos)});
        break;
      }
      if (open > pos) pieces.push_back({false, text.substr(pos, open - pos)});
      const size_t close = text.find('}', open);
      if (close == std::string::npos)
        throw Error(source_ + ": " + where + ": unterminated reference in '" + text + "' (missing '}')");
      pieces.push_back({true, text.substr(open + 2, close - open - 2)});
      pos = close + 1;
    }
    return pieces;
  }

  YAML::Node resolve_scalar(const YAML::Node& scalar, const std::string& where) {
    const std::string text = scalar.Scalar();
    const std::vector<Piece> pieces = split(text, where);
    if (pieces.size() == 1 && pieces[0].is_reference) return YAML::Clone(lookup(pieces[0].text, where));
    std::string out;
    for (const auto& piece : pieces) {
      if (!piece.is_reference) {
        out += piece.text;
        continue;
      }
      const YAML::Node target = lookup(piece.text, where);
      if (!target.IsScalar())
        throw Error(source_ + ": " + where + ": ${" + piece.text + "} is a " + (target.IsMap() ? "mapping" : "list") +
                    ", which cannot be part of the text '" + text + "'");
      out += target.Scalar();
    }
    YAML::Node result(out);
    if (scalar.Tag() == "!") result.SetTag("!");
    return result;
  }

  // The fully resolved node at `reference` (resolving it in place first).
  YAML::Node lookup(const std::string& reference, const std::string& where) {
    const std::string what = source_ + ": " + where + ": ${" + reference + "}";
    const std::vector<std::string> parts = split_key_path(reference, what);
    YAML::Node parent = root_;
    std::string walked;
    for (size_t i = 0; i < parts.size(); ++i) {
      if (!parent.IsMap()) throw Error(what + ": '" + walked + "' is not a mapping");
      // Looked up through a const view: a missing key must not be inserted into the tree.
      const YAML::Node child = static_cast<const YAML::Node&>(parent)[parts[i]];
      if (!child.IsDefined())
        throw Error(what + ": no key '" + parts[i] + "' in " + (walked.empty() ? "the top level" : "'" + walked + "'") +
                    " (valid keys: " + describe_keys(parent) + ")");
      const std::string child_path = walked.empty() ? parts[i] : walked + "." + parts[i];
      if (i + 1 == parts.size()) {
        YAML::Node slot = child;
        resolve_slot(slot, child_path);
        return slot;
      }
      walked = child_path;
      parent.reset(child);
    }
    return parent;  // unreachable: split_key_path returns at least one part
  }

  YAML::Node root_;
  std::string source_;
  std::vector<std::string> stack_;  // paths being resolved, to report cycles
};

}  // namespace

void resolve_interpolations(YAML::Node& root, const std::string& source) {
  Resolver resolver(root, source);
  resolver.resolve_all();
}

}  // namespace gramt::config

#include "core/hub/hub_reference.h"

#include <algorithm>
#include <cctype>

#include "core/common/error.h"

namespace gramt::hub {
namespace {

// The hub's own rule for user, organisation and repository names: letters, digits, '-', '_', '.'.
bool is_name_part(const std::string& part) {
  if (part.empty() || part.size() > 96 || part == "." || part == "..") return false;
  return std::all_of(part.begin(), part.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.'; });
}

// Branch and tag names may hold '/' (refs/pr/1); nothing that could climb out of refs/ in the cache.
bool is_revision(const std::string& rev) {
  if (rev.empty() || rev.front() == '/' || rev.back() == '/' || rev.find("..") != std::string::npos) return false;
  return std::all_of(rev.begin(), rev.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/'; });
}

}  // namespace

std::string HubReference::text() const { return kHubScheme + repo + (revision == "main" ? "" : "@" + revision); }

bool is_hub_argument(const std::string& text) { return text.rfind(kHubScheme, 0) == 0; }

bool is_commit_hash(const std::string& revision) {
  return revision.size() == 40 &&
         std::all_of(revision.begin(), revision.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f'); });
}

HubReference parse_hub_reference(const std::string& text) {
  std::string rest = is_hub_argument(text) ? text.substr(std::string(kHubScheme).size()) : text;
  HubReference ref;
  const auto at = rest.find('@');
  if (at != std::string::npos) {
    ref.revision = rest.substr(at + 1);
    rest = rest.substr(0, at);
    if (!is_revision(ref.revision))
      throw Error("'" + text + "': '" + ref.revision + "' is not a revision (a branch, tag or commit hash)");
  }
  const auto slash = rest.find('/');
  if (slash == std::string::npos || rest.find('/', slash + 1) != std::string::npos ||
      !is_name_part(rest.substr(0, slash)) || !is_name_part(rest.substr(slash + 1)))
    throw Error("'" + text + "' is not a hub model: expected hf://org/name[@revision], e.g. hf://labhamlet/gramt-binaural");
  ref.repo = rest;
  return ref;
}

}  // namespace gramt::hub

#pragma once
// The hub's cache layout, shared with the hub's own tools:
//   <root>/models--{org}--{name}/blobs/<etag>                   the file's bytes, named by its ETag
//                                /blobs/<etag>.incomplete        a download under way (resumable)
//                                /snapshots/<commit>/<file>      a relative symlink to the blob
//                                /refs/<revision>                the commit a branch or tag pointed at
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/hub/hub_reference.h"

namespace gramt::hub {

class HubCacheLayout {
 public:
  explicit HubCacheLayout(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path repo_folder(const std::string& repo) const;
  std::filesystem::path blob(const std::string& repo, const std::string& etag) const;
  std::filesystem::path incomplete_blob(const std::string& repo, const std::string& etag) const;
  std::filesystem::path snapshot_file(const std::string& repo, const std::string& commit, const std::string& file) const;
  std::filesystem::path ref_file(const std::string& repo, const std::string& revision) const;
  // <root>/.locks/models--{org}--{name}/<etag>.lock, where the hub's tools keep theirs.
  std::filesystem::path lock_file(const std::string& repo, const std::string& etag) const;

  // The commit `revision` names in the cache: a commit hash names itself, a branch or tag is read
  // from refs/; nothing when the cache has never seen it.
  std::optional<std::string> cached_commit(const HubReference& ref) const;
  // The snapshot path of `file` at `ref`'s revision when the cache holds it (the link resolves).
  std::optional<std::filesystem::path> cached_file(const HubReference& ref, const std::string& file) const;
  // Every commit with a snapshot folder, for listings.
  std::vector<std::string> snapshot_commits(const std::string& repo) const;

  // Writes refs/<revision> = commit (atomically); nothing for a revision that is a commit hash.
  void write_ref(const HubReference& ref, const std::string& commit) const;
  // Points snapshots/<commit>/<file> at blobs/<etag> with a relative link, replacing an older link.
  void link_snapshot(const std::string& repo, const std::string& commit, const std::string& file,
                     const std::string& etag) const;

 private:
  std::filesystem::path root_;
};

}  // namespace gramt::hub

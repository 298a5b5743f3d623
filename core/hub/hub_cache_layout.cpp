#include "core/hub/hub_cache_layout.h"

#include <fstream>
#include <system_error>

#include "core/common/atomic_file.h"
#include "core/common/error.h"

namespace fs = std::filesystem;

namespace gramt::hub {
namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// One line naming the folder and what the file system said, with the way out.
void create_folder(const fs::path& folder) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec)
    throw Error("cannot create the hub cache folder " + folder.string() + ": " + ec.message() +
                " (set HF_HUB_CACHE to a folder you can write to)");
}

}  // namespace

fs::path HubCacheLayout::repo_folder(const std::string& repo) const {
  std::string name = "models--" + repo;
  for (size_t at = name.find('/'); at != std::string::npos; at = name.find('/', at + 2)) name.replace(at, 1, "--");
  return root_ / name;
}

fs::path HubCacheLayout::blob(const std::string& repo, const std::string& etag) const {
  return repo_folder(repo) / "blobs" / etag;
}

fs::path HubCacheLayout::incomplete_blob(const std::string& repo, const std::string& etag) const {
  return repo_folder(repo) / "blobs" / (etag + ".incomplete");
}

fs::path HubCacheLayout::snapshot_file(const std::string& repo, const std::string& commit, const std::string& file) const {
  return repo_folder(repo) / "snapshots" / commit / file;
}

fs::path HubCacheLayout::lock_file(const std::string& repo, const std::string& etag) const {
  return root_ / ".locks" / repo_folder(repo).filename() / (etag + ".lock");
}

fs::path HubCacheLayout::ref_file(const std::string& repo, const std::string& revision) const {
  return repo_folder(repo) / "refs" / revision;
}

std::optional<std::string> HubCacheLayout::cached_commit(const HubReference& ref) const {
  if (is_commit_hash(ref.revision)) return ref.revision;
  std::ifstream in(ref_file(ref.repo, ref.revision));
  std::string commit;
  if (!in || !std::getline(in, commit)) return std::nullopt;
  commit = trimmed(commit);
  if (!is_commit_hash(commit)) return std::nullopt;
  return commit;
}

std::optional<fs::path> HubCacheLayout::cached_file(const HubReference& ref, const std::string& file) const {
  const auto commit = cached_commit(ref);
  if (!commit) return std::nullopt;
  const fs::path path = snapshot_file(ref.repo, *commit, file);
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;  // follows the link: a dangling one is no file
  return path;
}

std::vector<std::string> HubCacheLayout::snapshot_commits(const std::string& repo) const {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(repo_folder(repo) / "snapshots", ec), end; !ec && it != end; it.increment(ec))
    if (is_commit_hash(it->path().filename().string())) out.push_back(it->path().filename().string());
  return out;
}

void HubCacheLayout::write_ref(const HubReference& ref, const std::string& commit) const {
  if (is_commit_hash(ref.revision)) return;
  const fs::path path = ref_file(ref.repo, ref.revision);
  create_folder(path.parent_path());
  // The hub's tools write the bare hash without a newline.
  write_file_atomically(path.string(), commit);
}

void HubCacheLayout::link_snapshot(const std::string& repo, const std::string& commit, const std::string& file,
                                   const std::string& etag) const {
  const fs::path link = snapshot_file(repo, commit, file);
  create_folder(link.parent_path());
  // Relative, so the cache folder can move (or be mounted elsewhere) and keep working.
  const fs::path target = blob(repo, etag).lexically_relative(link.parent_path());
  const fs::path temporary = link.string() + ".link-tmp";
  std::error_code ec;
  fs::remove(temporary, ec);
  fs::create_symlink(target, temporary, ec);
  if (!ec) fs::rename(temporary, link, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(temporary, ec);
    throw Error("cannot link " + link.string() + " to its blob: " + why);
  }
}

}  // namespace gramt::hub

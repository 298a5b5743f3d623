#include "core/hub/hub_download.h"

#include <unistd.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <system_error>

#include "core/common/error.h"
#include "core/common/sha256.h"
#include "core/hub/blob_lock.h"
#include "core/hub/hub_cache_layout.h"
#include "core/hub/hub_http.h"

namespace fs = std::filesystem;

namespace gramt::hub {
namespace {

bool is_sha256(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// ETag: "abc" or W/"abc" -> abc.
std::string bare_etag(std::string etag) {
  if (etag.rfind("W/", 0) == 0) etag = etag.substr(2);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
  return etag;
}

std::string megabytes(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return text;
}

struct FileMetadata {
  std::string commit, etag;
  uint64_t size = 0;
  bool lfs = false;
  bool absent = false;  // 404 for a file the repo does not have (only reported for optional files)
};

class FileFetcher {
 public:
  FileFetcher(const PullParams& params, const HubCacheLayout& cache) : params_(params), cache_(cache) {}

  std::string resolve_url(const std::string& revision, const std::string& file) const {
    return params_.settings.endpoint + "/" + params_.ref.repo + "/resolve/" + revision + "/" + file;
  }

  // One line: "hf://org/name@rev: file: what".
  [[noreturn]] void fail(const std::string& file, const std::string& what) const {
    throw Error(params_.ref.text() + (params_.ref.revision == "main" ? "@main" : "") + ": " + file + ": " + what);
  }

  // The hub's answer to an HTTP error, in words a user can act on.
  std::string http_error(const HttpResponse& r) const {
    const std::string code = r.header("x-error-code");
    if (r.status == 401)
      return params_.settings.token.empty() ? "the hub asks for a login (HTTP 401): set HF_TOKEN (or --token) to a token that can read " + params_.ref.repo
                                            : "the hub refused the token (HTTP 401): check HF_TOKEN / --token";
    if (r.status == 403)
      return "access denied (HTTP 403): the repo may be gated or private; accept its terms on the hub and use a token with access";
    if (r.status == 404) {
      if (code == "RevisionNotFound") return "revision '" + params_.ref.revision + "' does not exist (HTTP 404)";
      if (code == "EntryNotFound") return "the repo has no such file (HTTP 404)";
      if (code == "RepoNotFound") return "no such repo (HTTP 404; a private repo also needs HF_TOKEN)";
      return "not found (HTTP 404): no such repo, revision or file";
    }
    if (r.status == 416) return "the server refused to resume (HTTP 416)";
    return "the hub answered HTTP " + std::to_string(r.status) + (code.empty() ? "" : " (" + code + ")");
  }

  FileMetadata metadata(const std::string& revision, const std::string& file, bool optional) const {
    std::string url = resolve_url(revision, file);
    HttpResponse r;
    // A renamed repo answers with a relative redirect before the one carrying the metadata.
    for (int hop = 0; hop < 5; ++hop) {
      r = http_head({url, params_.settings.token});
      if (!r.error.empty()) fail(file, "cannot reach " + params_.settings.endpoint + ": " + r.error + " (check the network, HF_ENDPOINT and any proxy variables; HF_HUB_OFFLINE=1 uses the cache only)");
      const bool redirect = r.status >= 300 && r.status < 400;
      if (!(redirect && r.header("x-repo-commit").empty() && !r.header("location").empty())) break;
      const std::string location = r.header("location");
      url = location.rfind("/", 0) == 0 ? params_.settings.endpoint + location : location;
    }
    FileMetadata m;
    if (r.status == 404 && optional && r.header("x-error-code") != "RevisionNotFound" && r.header("x-error-code") != "RepoNotFound") {
      m.absent = true;
      return m;
    }
    if (r.status >= 400 || r.status < 200) fail(file, http_error(r));
    m.commit = r.header("x-repo-commit");
    const std::string linked = bare_etag(r.header("x-linked-etag"));
    m.etag = linked.empty() ? bare_etag(r.header("etag")) : linked;
    const std::string size = r.header("x-linked-size").empty() ? r.header("content-length") : r.header("x-linked-size");
    if (m.commit.empty() || !is_commit_hash(m.commit) || m.etag.empty())
      fail(file, "the answer from " + params_.settings.endpoint + " has no X-Repo-Commit or ETag: is HF_ENDPOINT a Hugging Face hub?");
    if (m.etag.find('/') != std::string::npos || m.etag.find("..") != std::string::npos) fail(file, "the hub sent an unusable ETag '" + m.etag + "'");
    try {
      m.size = size.empty() ? 0 : std::stoull(size);
    } catch (const std::exception&) {
      fail(file, "the hub sent an unreadable size '" + size + "'");
    }
    // LFS files carry their SHA-256 as ETag; small files in git carry the git blob hash (SHA-1).
    m.lfs = !linked.empty() || is_sha256(m.etag);
    return m;
  }

  // Downloads into blobs/<etag>.incomplete (resuming it), checks it and renames it to the blob.
  uint64_t download(const std::string& revision, const std::string& file, const FileMetadata& m) const {
    const fs::path blob = cache_.blob(params_.ref.repo, m.etag);
    const fs::path part = cache_.incomplete_blob(params_.ref.repo, m.etag);
    std::error_code ec;
    fs::create_directories(part.parent_path(), ec);
    if (ec) fail(file, "cannot create the cache folder " + part.parent_path().string() + ": " + ec.message() + " (set HF_HUB_CACHE to a folder you can write to)");
    uint64_t have = fs::exists(part, ec) ? fs::file_size(part, ec) : 0;
    if (ec) have = 0;
    if (m.size > 0 && have >= m.size) {  // too long to be a prefix of this blob: start over
      fs::remove(part, ec);
      have = 0;
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(part.c_str(), have > 0 ? "ab" : "wb"), std::fclose);
    if (!out) fail(file, "cannot write " + part.string() + ": " + std::strerror(errno) + " (set HF_HUB_CACHE to a folder you can write to)");
    if (have > 0 && params_.on_note) params_.on_note(file + ": resuming after " + megabytes(have));

    const auto start = std::chrono::steady_clock::now();
    const uint64_t resumed_from = have;
    const auto on_bytes = [&](uint64_t in_file) {
      if (params_.on_progress) {
        DownloadStatus s;
        s.file = file;
        s.done_bytes = in_file;
        s.total_bytes = m.size;
        s.resumed_from = resumed_from;
        s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        params_.on_progress(s);
      }
      return !(params_.cancel && params_.cancel->load());
    };
    const HttpResponse r = http_get_to_file({resolve_url(revision, file), params_.settings.token}, out.get(), have, on_bytes);
    const bool flushed = std::fflush(out.get()) == 0 && ::fsync(::fileno(out.get())) == 0;
    const int flush_errno = errno;
    out.reset();
    const uint64_t got = fs::file_size(part, ec);
    if (r.cancelled) throw Cancelled();
    if (r.write_errno != 0 || !flushed) {
      const int e = r.write_errno != 0 ? r.write_errno : flush_errno;
      fail(file, "cannot write " + part.string() + ": " + std::strerror(e) +
                     (e == ENOSPC ? " (the disk is full: free " + megabytes(m.size > got ? m.size - got : 0) + " or set HF_HUB_CACHE elsewhere; the same command resumes)" : ""));
    }
    if (r.status >= 400) {
      // 416: the part does not fit the file the hub has now; it can never be resumed.
      if (got == 0 || r.status == 416) fs::remove(part, ec);
      fail(file, http_error(r));
    }
    if (r.cut_off || r.connection_failed || !r.error.empty())
      fail(file, "the download stopped after " + megabytes(got) + (m.size ? " of " + megabytes(m.size) : std::string()) + ": " + r.error +
                     " (the part is kept in " + part.string() + "; the same command resumes it)");
    if (m.size > 0 && got != m.size) {
      if (got > m.size) fs::remove(part, ec);
      fail(file, "the download has " + std::to_string(got) + " bytes, the hub announced " + std::to_string(m.size) +
                     (got > m.size ? " (discarded)" : " (the same command resumes it)"));
    }
    if (m.lfs) {
      const std::string sha = file_sha256_hex(part.string());
      if (sha != m.etag) {
        fs::remove(part, ec);
        fail(file, "the downloaded bytes have SHA-256 " + sha + " but the hub announced " + m.etag + ": discarded, not cached (run again to download it anew)");
      }
    }
    fs::rename(part, blob, ec);
    if (ec) fail(file, "cannot rename " + part.string() + " to " + blob.string() + ": " + ec.message());
    return got - resumed_from;
  }

  PulledFile fetch(const std::string& revision, const std::string& file, bool optional, std::string* commit) {
    const FileMetadata m = metadata(revision, file, optional);
    PulledFile pulled;
    pulled.name = file;
    if (m.absent) return pulled;
    if (commit->empty()) *commit = m.commit;
    pulled.etag = m.etag;
    pulled.lfs = m.lfs;
    pulled.size = m.size;
    const fs::path blob = cache_.blob(params_.ref.repo, m.etag);
    std::error_code ec;
    // Held until the blob is in place: a second download of it waits, then finds it there.
    std::unique_ptr<BlobLock> lock;
    try {
      lock = std::make_unique<BlobLock>(cache_.lock_file(params_.ref.repo, m.etag), params_.cancel, [&] {
        if (params_.on_note) params_.on_note(file + ": another download of it is under way; waiting for it to finish");
      });
    } catch (const Cancelled&) {
      throw;
    } catch (const Error& e) {
      fail(file, e.what());
    }
    if (fs::exists(blob, ec) && !blob_is_intact(blob, m.etag, m.size)) {
      if (params_.on_note) params_.on_note(file + ": the cached blob " + blob.string() + " does not match its hash: discarded, downloading again");
      fs::remove(blob, ec);
      if (ec) fail(file, "cannot remove the corrupted blob " + blob.string() + ": " + ec.message());
    }
    if (!fs::exists(blob, ec)) pulled.downloaded_bytes = download(revision, file, m);
    try {
      cache_.link_snapshot(params_.ref.repo, m.commit, file, m.etag);
    } catch (const Error& e) {
      fail(file, e.what());
    }
    pulled.path = cache_.snapshot_file(params_.ref.repo, m.commit, file);
    return pulled;
  }

  PullResult offline() const {
    PullResult result;
    result.ref = params_.ref;
    const auto commit = cache_.cached_commit(params_.ref);
    auto missing = [&](const std::string& file) {
      fail(file, "not in the hub cache (" + cache_.repo_folder(params_.ref.repo).string() +
                     ") and HF_HUB_OFFLINE is set: run `gramt-cli pull " + params_.ref.repo +
                     (params_.ref.revision == "main" ? "" : " --revision " + params_.ref.revision) + "` on a machine with a network");
    };
    if (!commit) missing(params_.files.empty() ? "model.safetensors" : params_.files.front());
    result.commit = *commit;
    auto add = [&](const std::string& file, bool optional) {
      const auto path = cache_.cached_file(params_.ref, file);
      if (!path) {
        if (!optional) missing(file);
        return;
      }
      PulledFile f;
      f.name = file;
      f.path = *path;
      std::error_code ec;
      f.etag = fs::read_symlink(*path, ec).filename().string();
      f.lfs = is_sha256(f.etag);
      f.size = fs::file_size(*path, ec);
      result.files.push_back(f);
    };
    for (const auto& f : params_.files) add(f, false);
    for (const auto& f : params_.optional_files) add(f, true);
    return result;
  }

 private:
  const PullParams& params_;
  const HubCacheLayout& cache_;
};

}  // namespace

bool blob_is_intact(const fs::path& blob, const std::string& etag, uint64_t expected_size) {
  std::error_code ec;
  const uint64_t size = fs::file_size(blob, ec);
  if (ec) return false;
  if (expected_size > 0 && size != expected_size) return false;
  if (is_sha256(etag)) return file_sha256_hex(blob.string()) == etag;
  return true;
}

PullResult pull_from_hub(const PullParams& params) {
  // File names become paths under snapshots/<commit>/: nothing may climb out of it.
  for (const auto* list : {&params.files, &params.optional_files})
    for (const auto& file : *list) {
      const fs::path p(file);
      bool climbs = file.empty() || p.is_absolute();
      for (const auto& part : p) climbs = climbs || part == "..";
      if (climbs) throw Error(params.ref.text() + ": '" + file + "' is not a file name inside a repo");
    }
  const HubCacheLayout cache(params.settings.cache_root);
  FileFetcher fetcher(params, cache);
  if (params.settings.offline) return fetcher.offline();
  PullResult result;
  result.ref = params.ref;
  // The first file pins the commit; the others are asked for at that commit, so a push in between
  // cannot mix two versions of the repo in one snapshot.
  for (const auto& file : params.files) {
    const std::string revision = result.commit.empty() ? params.ref.revision : result.commit;
    result.files.push_back(fetcher.fetch(revision, file, false, &result.commit));
  }
  for (const auto& file : params.optional_files) {
    const std::string revision = result.commit.empty() ? params.ref.revision : result.commit;
    PulledFile f = fetcher.fetch(revision, file, true, &result.commit);
    if (!f.path.empty()) result.files.push_back(f);
  }
  if (!result.commit.empty()) {
    try {
      cache.write_ref(params.ref, result.commit);
    } catch (const Error& e) {
      throw Error(params.ref.text() + ": " + e.what());
    }
  }
  return result;
}

}  // namespace gramt::hub

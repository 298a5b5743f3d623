#include "core/data/tar_shard_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cctype>

#include "core/common/error.h"

namespace gramt::data {
namespace {

// A member larger than this is not an audio clip; refusing it keeps a damaged size field from
// asking for terabytes.
constexpr int64_t kMaxMemberBytes = int64_t{1} << 31;

}  // namespace

std::pair<std::string, std::string> split_member_name(const std::string& path) {
  const size_t slash = path.rfind('/');
  const size_t name_start = slash == std::string::npos ? 0 : slash + 1;
  const size_t dot = path.find('.', name_start);
  if (dot == std::string::npos) return {path, ""};
  std::string extension = path.substr(dot + 1);
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return {path.substr(0, dot), extension};
}

void TarShardReader::ArchiveCloser::operator()(::archive* a) const { archive_read_free(a); }

TarShardReader::TarShardReader(const std::string& path) : path_(path), archive_(archive_read_new()) {
  if (!archive_) throw Error(path + ": cannot create an archive reader");
  archive_read_support_format_tar(archive_.get());
  archive_read_support_filter_all(archive_.get());
  if (archive_read_open_filename(archive_.get(), path.c_str(), 1 << 20) != ARCHIVE_OK)
    throw Error(path + ": cannot open shard: " + archive_error_string(archive_.get()));
}

TarShardReader::~TarShardReader() = default;

std::optional<TarShardReader::Member> TarShardReader::read_member() {
  while (true) {
    struct archive_entry* entry = nullptr;
    const int status = archive_read_next_header(archive_.get(), &entry);
    if (status == ARCHIVE_EOF) return std::nullopt;
    if (status < ARCHIVE_WARN) {
      const char* why = archive_error_string(archive_.get());
      throw Error(path_ + ": damaged archive after member '" + last_member_ + "': " + (why ? why : "read error"));
    }
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    const std::string name = archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
    const int64_t size = archive_entry_size(entry);
    if (size < 0 || size > kMaxMemberBytes) throw Error(path_ + ": member '" + name + "' has an implausible size");
    Member member;
    std::tie(member.key, member.extension) = split_member_name(name);
    // The buffer grows with the bytes that really arrive (at most one chunk ahead): a header whose
    // size field lies costs no more memory than the data behind it.
    constexpr int64_t kChunk = int64_t{1} << 20;
    int64_t done = 0;
    while (done < size) {
      member.bytes.resize(static_cast<size_t>(done + std::min(kChunk, size - done)));
      const la_ssize_t got = archive_read_data(archive_.get(), member.bytes.data() + done, member.bytes.size() - static_cast<size_t>(done));
      if (got < 0) {
        const char* why = archive_error_string(archive_.get());
        throw Error(path_ + ": damaged archive in member '" + name + "': " + (why ? why : "read error"));
      }
      if (got == 0) break;
      done += got;
    }
    member.bytes.resize(static_cast<size_t>(done));
    if (done < size) throw Error(path_ + ": member '" + name + "' is cut off (" + std::to_string(done) + " of " +
                                 std::to_string(size) + " bytes)");
    last_member_ = name;
    return member;
  }
}

std::optional<ShardSample> TarShardReader::next() {
  if (!deferred_error_.empty()) {
    finished_ = true;
    const std::string message = std::move(deferred_error_);
    deferred_error_.clear();
    throw Error(message);
  }
  if (finished_) return std::nullopt;
  try {
    if (!pending_) pending_ = read_member();
  } catch (...) {
    finished_ = true;
    throw;
  }
  if (!pending_) {
    finished_ = true;
    return std::nullopt;
  }
  ShardSample sample;
  sample.key = pending_->key;
  sample.members[pending_->extension] = std::move(pending_->bytes);
  pending_.reset();
  try {
    while (auto member = read_member()) {
      if (member->key != sample.key) {
        pending_ = std::move(member);
        return sample;
      }
      sample.members[member->extension] = std::move(member->bytes);
    }
    finished_ = true;
  } catch (const Error& e) {
    // The members read before the damage are whole; hand them out and report the damage next time.
    deferred_error_ = e.what();
  }
  return sample;
}

}  // namespace gramt::data

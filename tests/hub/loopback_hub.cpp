#include "tests/hub/loopback_hub.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "core/common/sha256.h"

namespace gramt::test {
namespace {

void send_all(int fd, const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<size_t>(n);
  }
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, sep);) parts.push_back(part);
  return parts;
}

std::string response(int status, const std::string& reason, const std::map<std::string, std::string>& headers, size_t length) {
  std::string text = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
  for (const auto& [k, v] : headers) text += k + ": " + v + "\r\n";
  return text + "Content-Length: " + std::to_string(length) + "\r\nConnection: close\r\n\r\n";
}

}  // namespace

LoopbackHub::LoopbackHub() {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;  // any free port
  socklen_t length = sizeof address;
  if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener_, 16) != 0 || ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    throw std::runtime_error("loopback hub: cannot listen on 127.0.0.1");
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { serve(); });
}

LoopbackHub::~LoopbackHub() {
  stopping_ = true;
  ::shutdown(listener_, SHUT_RDWR);
  ::close(listener_);
  thread_.join();
}

void LoopbackHub::add_repo(const FakeRepo& repo) {
  std::lock_guard<std::mutex> lock(mutex_);
  repos_[repo.repo] = repo;
}

void LoopbackHub::cut_next_body_after(size_t bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  cut_after_ = bytes;
}

void LoopbackHub::corrupt_next_body() {
  std::lock_guard<std::mutex> lock(mutex_);
  corrupt_ = true;
}

std::string LoopbackHub::last_range() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_range_;
}

void LoopbackHub::serve() {
  while (!stopping_) {
    const int client = ::accept(listener_, nullptr, nullptr);
    if (client < 0) continue;
    answer(client);
    ::close(client);
  }
}

void LoopbackHub::answer(int client) {
  std::string request;
  char buffer[4096];
  while (request.find("\r\n\r\n") == std::string::npos) {
    const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
    if (n <= 0) return;
    request.append(buffer, static_cast<size_t>(n));
  }
  const auto lines = split(request.substr(0, request.find("\r\n\r\n")), '\n');
  const auto first = split(lines.at(0), ' ');
  if (first.size() < 2) return;
  const std::string method = first[0], path = first[1];
  std::map<std::string, std::string> headers;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto colon = lines[i].find(':');
    if (colon == std::string::npos) continue;
    std::string value = lines[i].substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
    headers[lower(lines[i].substr(0, colon))] = value;
  }
  const bool head = method == "HEAD";
  std::lock_guard<std::mutex> lock(mutex_);

  auto error = [&](int status, const std::string& reason, const std::string& code) {
    const std::string body = "{\"error\":\"" + reason + "\"}";
    std::map<std::string, std::string> h{{"Content-Type", "application/json"}};
    if (!code.empty()) h["X-Error-Code"] = code;
    send_all(client, response(status, reason, h, body.size()) + (head ? "" : body));
  };

  // The "CDN": /blobs/<sha256>, with Range support and the faults.
  if (path.rfind("/blobs/", 0) == 0) {
    const std::string sha = path.substr(7);
    const std::string* content = nullptr;
    for (const auto& [name, repo] : repos_)
      for (const auto& [file, bytes] : repo.files)
        if (sha256_hex(bytes) == sha) content = &bytes;
    if (!content) return error(404, "Not Found", "");
    ++blob_requests_;
    size_t from = 0;
    const auto range = headers.find("range");
    last_range_ = range == headers.end() ? "" : range->second;
    if (range != headers.end() && range->second.rfind("bytes=", 0) == 0) from = std::stoul(range->second.substr(6));
    std::string body = content->substr(std::min(from, content->size()));
    if (corrupt_ && !body.empty()) body[body.size() / 2] ^= 0x5a;
    corrupt_ = false;
    std::map<std::string, std::string> h{{"Content-Type", "application/octet-stream"}, {"Accept-Ranges", "bytes"}};
    std::string status_line = "OK";
    int status = 200;
    if (from > 0) {
      status = 206;
      status_line = "Partial Content";
      h["Content-Range"] = "bytes " + std::to_string(from) + "-" + std::to_string(content->size() - 1) + "/" + std::to_string(content->size());
    }
    const size_t announced = body.size();
    if (cut_after_ > 0 && !head) {
      body = body.substr(0, std::min(cut_after_, body.size()));
      cut_after_ = 0;
    }
    send_all(client, response(status, status_line, h, announced) + (head ? "" : body));
    blob_bytes_sent_ += head ? 0 : body.size();
    return;
  }

  // /{org}/{name}/resolve/{revision}/{file}
  const auto parts = split(path.substr(1), '/');
  if (parts.size() < 5 || parts[2] != "resolve") return error(404, "Not Found", "");
  const std::string repo_name = parts[0] + "/" + parts[1];
  const auto repo = repos_.find(repo_name);
  if (repo == repos_.end()) return error(404, "Repository not found", "RepoNotFound");
  if (repo->second.private_repo) {
    const auto auth = headers.find("authorization");
    if (auth == headers.end() || auth->second != "Bearer " + repo->second.token)
      return error(401, "Unauthorized", "");
  }
  if (repo->second.gated) return error(403, "Forbidden", "GatedRepo");
  const std::string revision = parts[3];
  std::string commit;
  if (repo->second.refs.count(revision)) commit = repo->second.refs.at(revision);
  for (const auto& [ref, c] : repo->second.refs)
    if (c == revision) commit = c;
  if (commit.empty()) return error(404, "Revision not found", "RevisionNotFound");
  std::string file = parts[4];
  for (size_t i = 5; i < parts.size(); ++i) file += "/" + parts[i];
  const auto entry = repo->second.files.find(file);
  if (entry == repo->second.files.end()) return error(404, "Entry not found", "EntryNotFound");
  const std::string& bytes = entry->second;
  const std::string sha = sha256_hex(bytes);
  if (bytes.size() >= kLfsThreshold) {
    // As the hub: the metadata sits on the redirect; the bytes come from elsewhere.
    send_all(client, response(302, "Found",
                              {{"Location", "/blobs/" + sha}, {"X-Repo-Commit", commit}, {"X-Linked-Etag", "\"" + sha + "\""},
                               {"X-Linked-Size", std::to_string(bytes.size())}, {"ETag", "\"" + sha.substr(0, 40) + "\""}},
                              0));
    return;
  }
  // A small file kept in git: its ETag is a git blob hash (40 hex), not the SHA-256.
  send_all(client, response(200, "OK", {{"X-Repo-Commit", commit}, {"ETag", "\"" + sha.substr(24, 40) + "\""}}, bytes.size()) +
                       (head ? "" : bytes));
}

}  // namespace gramt::test

#include "core/hub/hub_http.h"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <memory>
#include <mutex>

namespace gramt::hub {
namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trimmed(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

// Keeps the headers of the last response only: a redirect's headers are dropped when the next
// status line arrives.
size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  const std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    response->headers.clear();
  } else if (const auto colon = line.find(':'); colon != std::string::npos) {
    response->headers[lower(trimmed(line.substr(0, colon)))] = trimmed(line.substr(colon + 1));
  }
  return size * count;
}

struct Easy {
  CURL* handle = nullptr;
  curl_slist* headers = nullptr;
  char error[CURL_ERROR_SIZE] = {0};
  Easy() {
    global_init_once();
    handle = curl_easy_init();
  }
  ~Easy() {
    curl_slist_free_all(headers);
    if (handle) curl_easy_cleanup(handle);
  }
};

void configure(Easy& easy, const HttpRequest& request, HttpResponse& response) {
  CURL* h = easy.handle;
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, easy.error);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "gramt-cli/" GRAMT_HUB_CLIENT_VERSION);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &response);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
  // A stalled connection (under 1 byte/s for a minute) fails rather than hanging forever.
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 60L);
  if (!request.token.empty()) easy.headers = curl_slist_append(easy.headers, ("Authorization: Bearer " + request.token).c_str());
  if (easy.headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, easy.headers);
}

void finish(Easy& easy, CURLcode code, HttpResponse& response) {
  curl_easy_getinfo(easy.handle, CURLINFO_RESPONSE_CODE, &response.status);
  if (code == CURLE_OK) return;
  response.error = easy.error[0] ? std::string(easy.error) : std::string(curl_easy_strerror(code));
  response.connection_failed = code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_RESOLVE_PROXY ||
                               code == CURLE_COULDNT_CONNECT || code == CURLE_SSL_CONNECT_ERROR ||
                               code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_OPERATION_TIMEDOUT ||
                               code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING;
  response.cut_off = code == CURLE_PARTIAL_FILE;
  // A proxy that refuses the tunnel answers, but not as the hub.
  if (code == CURLE_RECV_ERROR && response.status == 0) response.connection_failed = true;
}

struct Download {
  std::FILE* out;
  uint64_t bytes_in_file;
  bool checked_status = false;
  CURL* handle;
  HttpResponse* response;
  const std::function<bool(uint64_t)>* on_bytes;
  std::string error_body;  // an error page is kept (short) instead of being written into the blob
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* d = static_cast<Download*>(user);
  const size_t n = size * count;
  long status = 0;
  curl_easy_getinfo(d->handle, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status >= 300) {
    if (d->error_body.size() < 2000) d->error_body.append(data, std::min<size_t>(n, 2000));
    return n;
  }
  if (!d->checked_status) {
    d->checked_status = true;
    // The server ignored the Range: start the file over rather than append a second copy.
    if (status == 200 && d->bytes_in_file > 0) {
      if (std::fflush(d->out) != 0 || ::ftruncate(::fileno(d->out), 0) != 0 || std::fseek(d->out, 0, SEEK_SET) != 0) {
        d->response->write_errno = errno;
        return 0;
      }
      d->bytes_in_file = 0;
    }
  }
  if (std::fwrite(data, 1, n, d->out) != n) {
    d->response->write_errno = errno ? errno : EIO;
    return 0;
  }
  d->bytes_in_file += n;
  // Cancel is checked per chunk too: a fast transfer may end before the next progress call.
  if (*d->on_bytes && !(*d->on_bytes)(d->bytes_in_file)) {
    d->response->cancelled = true;
    return 0;
  }
  return n;
}

int on_transfer_info(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* d = static_cast<Download*>(user);
  if (*d->on_bytes && !(*d->on_bytes)(d->bytes_in_file)) {
    d->response->cancelled = true;
    return 1;
  }
  return 0;
}

}  // namespace

std::string HttpResponse::header(const std::string& lower_case_name) const {
  const auto it = headers.find(lower_case_name);
  return it == headers.end() ? std::string() : it->second;
}

HttpResponse http_head(const HttpRequest& request) {
  HttpResponse response;
  Easy easy;
  if (!easy.handle) {
    response.error = "libcurl could not start";
    return response;
  }
  configure(easy, request, response);
  curl_easy_setopt(easy.handle, CURLOPT_NOBODY, 1L);
  curl_easy_setopt(easy.handle, CURLOPT_FOLLOWLOCATION, 0L);
  finish(easy, curl_easy_perform(easy.handle), response);
  return response;
}

HttpResponse http_get_to_file(const HttpRequest& request, std::FILE* out, uint64_t resume_from,
                              const std::function<bool(uint64_t)>& on_bytes) {
  HttpResponse response;
  Easy easy;
  if (!easy.handle) {
    response.error = "libcurl could not start";
    return response;
  }
  configure(easy, request, response);
  Download d{out, resume_from, false, easy.handle, &response, &on_bytes, {}};
  curl_easy_setopt(easy.handle, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(easy.handle, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(easy.handle, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy.handle, CURLOPT_WRITEDATA, &d);
  curl_easy_setopt(easy.handle, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(easy.handle, CURLOPT_XFERINFOFUNCTION, on_transfer_info);
  curl_easy_setopt(easy.handle, CURLOPT_XFERINFODATA, &d);
  // CURLOPT_RANGE rather than RESUME_FROM: a server that ignores the range then answers 200 and the
  // body callback starts over, where RESUME_FROM would fail the transfer.
  const std::string range = std::to_string(resume_from) + "-";
  if (resume_from > 0) curl_easy_setopt(easy.handle, CURLOPT_RANGE, range.c_str());
  const CURLcode code = curl_easy_perform(easy.handle);
  finish(easy, code, response);
  // A cancel or a disk error aborts the write; that is not the network's fault.
  if (response.cancelled || response.write_errno != 0) response.connection_failed = response.cut_off = false;
  return response;
}

}  // namespace gramt::hub

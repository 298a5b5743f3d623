#pragma once
// The two HTTP requests the hub client needs, over libcurl: TLS verification on, proxies from the
// usual environment variables (https_proxy, no_proxy, ...), a bearer token when given. Kept apart
// from the cache logic so that the rest of core/hub never sees libcurl.
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <string>

namespace gramt::hub {

struct HttpRequest {
  std::string url;
  std::string token;  // "Authorization: Bearer <token>" when not empty (libcurl drops it on a redirect to another host)
};

struct HttpResponse {
  long status = 0;                             // of the last response (after redirects)
  std::map<std::string, std::string> headers;  // of the last response, names in lower case
  std::string error;                           // empty when the transfer itself worked
  bool connection_failed = false;              // no answer at all: network, DNS, proxy, TLS
  bool cut_off = false;                        // the body stopped before its announced length
  bool cancelled = false;
  int write_errno = 0;                         // writing the body to disk failed with this errno

  std::string header(const std::string& lower_case_name) const;
};

// HEAD without following redirects (the hub's metadata sits on its own 302).
HttpResponse http_head(const HttpRequest& request);

// GET following redirects, appending a 2xx body to `out`. With resume_from > 0 asks for the bytes
// from there (Range); when the server answers 200 instead of 206 the file is truncated and written
// from the start. on_bytes(bytes in the file) is called as data arrives; returning false cancels.
HttpResponse http_get_to_file(const HttpRequest& request, std::FILE* out, uint64_t resume_from,
                              const std::function<bool(uint64_t bytes_in_file)>& on_bytes);

}  // namespace gramt::hub

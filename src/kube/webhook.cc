#include "kube/webhook.h"

#include <curl/curl.h>

namespace vsctl::kube {

util::Result<void> post_json(const std::string& url, const std::string& body, std::chrono::seconds timeout) {
  CURL* h = curl_easy_init();
  if (!h) return util::fail(util::ErrorKind::Io, "cannot start an HTTP request");
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, +[](char*, size_t size, size_t n, void*) { return size * n; });
  CURLcode rc = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(h);
  if (rc != CURLE_OK) return util::fail(util::ErrorKind::Io, curl_easy_strerror(rc));
  if (status < 200 || status >= 300) return util::fail(util::ErrorKind::Io, "HTTP " + std::to_string(status));
  return {};
}

util::Result<HttpAnswer> get_url(const std::string& url, std::chrono::seconds timeout) {
  CURL* h = curl_easy_init();
  if (!h) return util::fail(util::ErrorKind::Io, "cannot start an HTTP request");
  HttpAnswer answer;
  curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 5L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t n, void* out) {
    auto* body = static_cast<std::string*>(out);
    std::size_t len = size * n;
    if (body->size() + len > (1u << 20)) return std::size_t{0};  // more than anyone's answer needs: stop
    body->append(data, len);
    return len;
  });
  CURLcode rc = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &answer.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(h);
  if (rc != CURLE_OK) return util::fail(util::ErrorKind::Io, curl_easy_strerror(rc));
  return answer;
}

}  // namespace vsctl::kube

#pragma once
// Plain HTTP to URLs that are not the API server: one JSON POST (an alert webhook), one GET (a
// rollout's analysis: Prometheus's query API, a status endpoint). The URL is never put into an
// error: such URLs often carry their token.
#include <chrono>
#include <string>

#include "util/error.h"

namespace vsctl::kube {

// Io error on a transport failure or a status outside 2xx.
util::Result<void> post_json(const std::string& url, const std::string& body, std::chrono::seconds timeout);

struct HttpAnswer {
  long status = 0;
  std::string body;  // at most 1 MiB is kept
};
// Io error when no answer came (refused, unresolvable, timed out); any status is an answer.
util::Result<HttpAnswer> get_url(const std::string& url, std::chrono::seconds timeout);

}  // namespace vsctl::kube

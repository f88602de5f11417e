#pragma once
// One JSON POST to a URL that is not the API server (an alert webhook). The URL is never put
// into an error: webhook URLs often carry their token.
#include <chrono>
#include <string>

#include "util/error.h"

namespace vsctl::kube {

// Io error on a transport failure or a status outside 2xx.
util::Result<void> post_json(const std::string& url, const std::string& body, std::chrono::seconds timeout);

}  // namespace vsctl::kube

#pragma once
// The address --metrics-addr takes: HOST:PORT, where HOST is an IPv4 or a bracketed IPv6
// address, or empty for every interface (":9090"). Pure.
#include <string>

#include "util/error.h"

namespace vsctl::metrics {

// The listening_ports option of the HTTP server for `addr` ("127.0.0.1:9090", "9090",
// "[::1]:9090"); a Usage error naming the flag when it is not one.
util::Result<std::string> listening_port(const std::string& addr);

}  // namespace vsctl::metrics

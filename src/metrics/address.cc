#include "metrics/address.h"

#include <arpa/inet.h>

#include <charconv>

namespace vsctl::metrics {

util::Result<std::string> listening_port(const std::string& addr) {
  auto bad = [&](const std::string& why) {
    return util::fail(util::ErrorKind::Usage, "--metrics-addr " + addr + ": " + why + " (want HOST:PORT or :PORT, e.g. 127.0.0.1:9090)");
  };
  auto colon = addr.rfind(':');
  if (colon == std::string::npos) return bad("no port");
  std::string host = addr.substr(0, colon), port = addr.substr(colon + 1);
  int n = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || n < 1 || n > 65535)
    return bad("the port must be a number from 1 to 65535");
  if (host.empty()) return port;
  unsigned char buf[16];
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    if (inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), buf) == 1) return host + ":" + port;
    return bad("not an IPv6 address");
  }
  if (inet_pton(AF_INET, host.c_str(), buf) == 1) return host + ":" + port;
  return bad("the host must be an IP address");
}

}  // namespace vsctl::metrics

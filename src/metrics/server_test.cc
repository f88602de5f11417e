#include "metrics/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <doctest/doctest.h>

using namespace vsctl;
using namespace std::chrono_literals;

namespace {
// A loopback port nobody listens on right now.
int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}
// GET `path` on loopback `port`: the status line's code and the body.
std::pair<int, std::string> get(int port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return {0, ""};
  }
  std::string req = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  CHECK(write(fd, req.data(), req.size()) == static_cast<ssize_t>(req.size()));
  std::string resp;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) resp.append(buf, static_cast<std::size_t>(n));
  close(fd);
  auto sp = resp.find(' ');
  auto body = resp.find("\r\n\r\n");
  if (sp == std::string::npos || body == std::string::npos) return {0, resp};
  return {std::stoi(resp.substr(sp + 1, 3)), resp.substr(body + 4)};
}
}  // namespace

TEST_CASE("metrics server: /metrics in the text format, /healthz and /readyz from the probes") {
  metrics::Exposition e;
  reconcile::MetricsModel m;
  e.apply(m.initial());
  reconcile::Probes probes(60s);
  int port = free_port();
  auto s = metrics::Server::start("127.0.0.1:" + std::to_string(port), e, probes);
  REQUIRE(s);
  CHECK((*s)->port() == port);
  // a second server in the same process is refused: the probes are one per process
  auto again = metrics::Server::start("127.0.0.1:" + std::to_string(free_port()), e, probes);
  REQUIRE_FALSE(again);
  CHECK(again.error().kind == util::ErrorKind::Internal);

  auto [code, body] = get(port, "/metrics");
  CHECK(code == 200);
  CHECK(body.find("vsctl_reconcile_rounds_total{outcome=\"converged\"} 0") != std::string::npos);
  CHECK(get(port, "/healthz") == std::pair<int, std::string>{200, "ok\n"});
  CHECK(get(port, "/readyz") == std::pair<int, std::string>{503, "no round has ended yet\n"});

  reconcile::RoundReport r;
  r.repo_reached = true;
  r.unreached = "cannot plan: cannot reach the API server";
  probes.round_ended(r);
  e.apply(m.updates(r));
  CHECK(get(port, "/readyz") ==
        std::pair<int, std::string>{503, "the last round did not reach the cluster: cannot plan: cannot reach the API server\n"});
  CHECK(get(port, "/metrics").second.find("vsctl_reconcile_rounds_total{outcome=\"converged\"} 1") != std::string::npos);
  r.cluster_reached = true;
  probes.round_ended(r);
  CHECK(get(port, "/readyz") == std::pair<int, std::string>{200, "ok\n"});
  CHECK(get(port, "/nothing").first == 404);

  s->reset();  // stopped: the port is free again and another server may start
  CHECK(get(port, "/healthz").first == 0);
  auto next = metrics::Server::start("127.0.0.1:" + std::to_string(port), e, probes);
  CHECK(next);
}

TEST_CASE("metrics server: an address in use or malformed is an error, not a crash") {
  metrics::Exposition e;
  reconcile::Probes probes(60s);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(listen(fd, 1) == 0);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  auto busy = metrics::Server::start("127.0.0.1:" + std::to_string(ntohs(a.sin_port)), e, probes);
  close(fd);
  REQUIRE_FALSE(busy);
  CHECK(busy.error().kind == util::ErrorKind::Io);
  CHECK(busy.error().message.rfind("cannot serve metrics on 127.0.0.1:", 0) == 0);
  auto bad = metrics::Server::start("localhost:9090", e, probes);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind == util::ErrorKind::Usage);
  // a failed start leaves no server behind
  auto ok = metrics::Server::start("127.0.0.1:" + std::to_string(free_port()), e, probes);
  CHECK(ok);
}

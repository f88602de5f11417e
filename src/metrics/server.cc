#include "metrics/server.h"

#include <CivetServer.h>
#include <civetweb.h>
#include <prometheus/exposer.h>
#include <prometheus/registry.h>

#include <atomic>
#include <cstring>
#include <exception>

#include "metrics/address.h"

namespace vsctl::metrics {

namespace {

// civetweb's callbacks carry no pointer of ours (the Exposer's server owns the context's user
// data), so the probes the running server answers from are kept here: one server per process.
std::atomic<const reconcile::Probes*> g_probes{nullptr};

void reply(mg_connection* conn, int status, const std::string& body) {
  const char* reason = status == 200 ? "OK" : status == 503 ? "Service Unavailable" : "Not Found";
  mg_printf(conn,
            "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %zu\r\n"
            "Cache-Control: no-store\r\nConnection: close\r\n\r\n",
            status, reason, body.size() + 1);
  mg_write(conn, body.data(), body.size());
  mg_write(conn, "\n", 1);
}

// Answers /healthz and /readyz before the Exposer's handlers see the request (non-zero: handled).
int probe_request(mg_connection* conn) {
  const mg_request_info* info = mg_get_request_info(conn);
  const reconcile::Probes* probes = g_probes.load();
  if (!info || !info->local_uri || !probes) return 0;
  reconcile::ProbeAnswer a;
  if (std::strcmp(info->local_uri, "/healthz") == 0) a = probes->live();
  else if (std::strcmp(info->local_uri, "/readyz") == 0) a = probes->ready();
  else return 0;
  int status = a.ok ? 200 : 503;
  reply(conn, status, a.message);
  return status;
}

}  // namespace

util::Result<std::unique_ptr<Server>> Server::start(const std::string& addr, Exposition& e, const reconcile::Probes& p) {
  VSCTL_TRY(port, listening_port(addr));
  const reconcile::Probes* none = nullptr;
  if (!g_probes.compare_exchange_strong(none, &p)) return util::fail(util::ErrorKind::Internal, "a metrics server already runs");
  static const CivetCallbacks callbacks = [] {
    CivetCallbacks c;  // all empty
    c.begin_request = probe_request;
    return c;
  }();
  std::unique_ptr<Server> s(new Server());
  try {
    s->exposer_ = std::make_unique<prometheus::Exposer>(std::vector<std::string>{"listening_ports", port, "num_threads", "2"}, &callbacks);
  } catch (const std::exception& ex) {
    g_probes = nullptr;
    return util::fail(util::ErrorKind::Io, "cannot serve metrics on " + addr + ": " + ex.what());
  }
  s->exposer_->RegisterCollectable(e.collectable());
  return s;
}

Server::~Server() {
  exposer_.reset();  // stops the server's threads before the probes go
  g_probes = nullptr;
}

int Server::port() const {
  auto ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

}  // namespace vsctl::metrics

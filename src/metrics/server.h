#pragma once
// The reconciler's HTTP endpoint: /metrics (the Exposition, served by prometheus-cpp's Exposer),
// /healthz and /readyz (the Probes: 200 with "ok", or 503 with the reason). One per process.
#include <memory>
#include <string>

#include "metrics/exposition.h"
#include "reconcile/probes.h"
#include "util/error.h"

namespace prometheus {
class Exposer;
}

namespace vsctl::metrics {

class Server {
 public:
  // Listens on `addr` (address.h) until destroyed; `e` and `p` must outlive it. Io when the
  // address cannot be bound, Internal when a server already runs in this process.
  static util::Result<std::unique_ptr<Server>> start(const std::string& addr, Exposition& e, const reconcile::Probes& p);
  ~Server();
  int port() const;  // the port it listens on

 private:
  Server() = default;
  std::unique_ptr<prometheus::Exposer> exposer_;
};

}  // namespace vsctl::metrics

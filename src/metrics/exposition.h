#pragma once
// The reconciler's metrics (reconcile/metrics.h) in a prometheus-cpp registry: one family per
// definition, the model's updates applied to it. prometheus-cpp gives the exposition format, so
// that neither it nor the HTTP server (server.h) is written here by hand. Thread-safe: the loop
// applies updates while the server's threads collect.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "reconcile/metrics.h"

namespace prometheus {
class Registry;
}

namespace vsctl::metrics {

class Exposition {
 public:
  Exposition();
  ~Exposition();
  Exposition(const Exposition&) = delete;
  Exposition& operator=(const Exposition&) = delete;

  void apply(const std::vector<reconcile::MetricUpdate>& updates);
  // What a scrape of /metrics reads.
  std::string text() const;
  std::shared_ptr<prometheus::Registry> registry() const { return registry_; }

 private:
  struct Families;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<Families> families_;
};

}  // namespace vsctl::metrics
